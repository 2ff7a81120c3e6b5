#pragma once

#include <string>
#include <string_view>

// The answer an Infusion Order Consumer returns on the connection of our RGV^O15: ACK^O15
// (also accepted: an RRG^O16 or an original-mode ACK).
namespace titrate::pcd {

struct ProgramAck {
  enum class Status {
    kAccepted,   // MSA-1 CA or AA
    kRejected,   // MSA-1 CE, CR, AE or AR
    kUnreadable  // not an HL7 acknowledgement: no MSH or MSA, or an unknown MSA-1
  };
  Status status = Status::kUnreadable;
  std::string ack_code;         // MSA-1
  std::string acknowledged_id;  // MSA-2: the MSH-10 we sent (some IOCs leave it empty)
  std::string error_code;       // ERR-5.1 (PIV error: "9024")
  std::string error_text;       // ERR-5.2, else ERR-8 / ERR-3.2 / MSA-3
  std::string problem;          // why it is unreadable (never message content)
};

ProgramAck parse_program_ack(std::string_view bytes);

}  // namespace titrate::pcd
