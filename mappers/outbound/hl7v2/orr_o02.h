#pragma once

#include <string>

#include "gateway/model/dosing_plan.h"
#include "mappers/outbound/hl7v2/outbound_header.h"

// ORR^O02 (order response) telling an HL7v2-only EHR what Titrate did with an order.
namespace titrate::outbound::hl7v2 {

// MSH, MSA|AA|<placer ORC-2>, PID (PID-3 = the patient id), ORC, and one NTE per reason.
// ORC-1 (table 0119) and ORC-5 (table 0038) by order state:
//   accepted -> OK / SC        programmed -> SC / IP        completed -> SC / CM
//   held (filler-initiated: weight, override, review) and program-rejected -> OH / HD
//   on-hold (the EHR's HD honoured) -> HR / HD
//   rejected -> UA / -         cancelled -> CR / CA         discontinued -> DR / DC
// ORC-2/3 placer/filler (EI), ORC-9 the update's time (MSH-7 when it has none), ORC-16 the
// first reason (code^message^L, its detail code as the alternate triplet: ORC-16 does not
// repeat in v2.5.1), NTE-3 every reason as "code: message". Every text is escaped.
// Throws std::invalid_argument without a placer or patient id, MSH-10 or MSH-7.
std::string build_orr_o02(const model::OrderStatusUpdate& update, const OutboundHeader& header);

}  // namespace titrate::outbound::hl7v2
