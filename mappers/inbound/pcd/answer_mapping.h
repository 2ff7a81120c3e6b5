#pragma once

#include <optional>
#include <string>

#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/pcd/pcd_common.h"

// The answers of an Infusion Order Consumer to a PCD-03 program: ACK^O15 (accept
// acknowledgement), RRG^O16 (application answer), ACK^O16.
namespace titrate::pcd {

struct AnswerFields {
  std::optional<bool> accepted;  // nullopt: no MSA, or an MSA-1 that is not an ACK code
  std::string ack_code;          // MSA-1: CA, CE, CR, AA, AE, AR
  std::string acknowledged_id;   // MSA-2 (the MSH-10 of our RGV^O15; may be empty)
  std::string error_code;        // ERR-5.1 of the first ERR with one (PIV codes: 9010, 9024, ...)
  std::string error_text;        // ERR-5.2, else ERR-8, else ERR-3.2, else MSA-3
};

// Reads MSA and ERR; a missing MSA (100) or unknown MSA-1 (103) is an issue.
AnswerFields read_answer(inbound::MapContext& ctx);

// One kProgramAccepted / kProgramRejected event; program_id = ORC-2 when present, else MSA-2.
void map_program_answer(inbound::MapContext& ctx, const MessageFields& fields);

}  // namespace titrate::pcd
