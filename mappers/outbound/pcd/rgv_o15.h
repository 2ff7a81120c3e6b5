#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "gateway/model/dosing_plan.h"

// PCD-03 (IHE PIV) "Communicate Infusion Order": a DosingPlan as an RGV^O15 for an Infusion
// Order Consumer (the pump vendor's server). Pure: the caller supplies ids and the time.
namespace titrate::pcd {

struct RgvOptions {
  std::string sending_application = "TITRATE";  // MSH-3.1
  std::string sending_facility;                 // MSH-4.1
  std::string receiving_application;            // MSH-5.1
  std::string receiving_facility;               // MSH-6.1
  // HL7 DTM with offset ("20261121093000.123+0000"): MSH-7 and ORC-9, the time the program
  // was requested (an IOC answers a stale ORC-9 with error 9022).
  std::string message_time;
  std::string action_by = "TITRATE";   // ORC-19 XCN-1 (required): who or what sends the program
  std::string processing_id = "P";     // MSH-11
  std::string application_ack = "AL";  // MSH-16: AL (RRG^O16 always), ER or NE
};

// A plan that cannot be expressed as a PCD-03 program (no patient identifier, no medication
// code, a basis without its dose / rate / duration). A dosing-module bug, not bad input.
class RgvBuildError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// MSH (v2.6, MSH-15 AL, MSH-21 IHE_PCD_PIV_001 with the PIV OID), PID (PID-3 = the plan's
// patient), PV1 (PV1-3 location, PV1-19 visit) when known, ORC|RE|program_id (ORC-9 time,
// ORC-19 action by), RXG, TQ1 (duration), RXR (IV, LVP, primary), OBX 69986 pump row (OBX-18 =
// device) and OBX 68063 weight (kg) when the plan has one.
//
// RXG by the plan's dosing basis:
//   mg/kg, mg  -> RXG-15/16 the dose in mg, TQ1-13 the duration (a PCD-03 dose is an amount
//                 over a TQ1 duration);
//   mg/kg/h    -> RXG-15/16 the dose rate in mg/kg/h (UCUM only: MDC has no code we could
//                 verify), taken from the plan's dose_rate (or its inputs) when one is in a
//                 mg/kg/h dimension; otherwise the mg/h dose rate with the weight row, so the
//                 pump computes and checks the per-kg rate itself;
//   mg/h       -> RXG-15/16 the dose rate in mg/h.
// Always: VTBI in RXG-5/7 and the duration in TQ1-13 when the plan has them; the
// concentration as RXG-17/18 (drug amount) and RXG-23/24 (diluent volume). Units MDC first
// with UCUM as the alternate triplet. Numbers are the plan's Decimals as written (converted
// with units::convert only when the plan's unit differs). Every text is escaped.
// Throws RgvBuildError for a plan that cannot be expressed.
std::string build_rgv_o15(const model::DosingPlan& plan, std::string_view device,
                          std::string_view program_id, std::string_view control_id,
                          const RgvOptions& options);

}  // namespace titrate::pcd
