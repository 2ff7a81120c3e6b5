#pragma once

#include <string>

#include "gateway/model/dosing_plan.h"

// How pump control reaches the pump fleet: one PCD-03 program (RGV^O15) per call. The MLLP
// implementation is connectors/pumps; tests use their own.
namespace titrate::pump_control {

struct PumpProgram {
  model::DosingPlan plan;
  std::string device;      // the pump (EUI-64 or registry id) the plan is bound to
  std::string program_id;  // ORC-2 of the RGV^O15: stable per plan, echoed by PCD-10 OBR-2
  std::string control_id;  // MSH-10: stable per plan, so a resend is recognisable
};

struct ProgramResult {
  enum class Outcome {
    kAccepted,    // ACK^O15 CA (the application answer RRG^O16 may follow)
    kRejected,    // ACK^O15 CE/CR, or an AR/AE answer: `code` is the ERR-5 code (9010, ...)
    kUnreachable  // no connection or no answer in time, after the configured retries
  };
  Outcome outcome = Outcome::kUnreachable;
  std::string code;  // ERR-5 identifier, e.g. "9024"
  std::string text;  // ERR-5 text or the transport error (no patient data)
};

class PumpProgrammer {
 public:
  virtual ~PumpProgrammer() = default;
  virtual ProgramResult program(const PumpProgram& program) = 0;
};

}  // namespace titrate::pump_control
