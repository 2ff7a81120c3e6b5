#pragma once

#include <optional>
#include <string>

#include "mappers/hl7v2/message.h"

// A PCD-03 RGV^O15 as a pump sees it: what to infuse, how fast, for whom.
namespace titrate::pump_sim {

struct Program {
  std::string control_id;                           // MSH-10 (echoed in MSA-2)
  std::string application_ack;                      // MSH-16: AL (default), ER or NE
  std::string sender_application, sender_facility;  // MSH-3.1 / MSH-4.1 (our answers' MSH-5/6)
  std::string program_id;                           // ORC-2.1 (echoed in OBR-2 and RRG ORC-2)
  std::string patient_pid3;  // PID-3, first repetition, raw (standard delimiters), for our PIDs
  std::string location;      // PV1-3 as "point of care^room^bed" (texts)
  std::string device;        // OBX 69986 OBX-18: EUI-64 (EI-3), else EI-1
  std::string drug_code, drug_name, drug_system;  // RXG-4
  std::string vtbi_text;                          // the VTBI as written in RXG-5 (or computed), mL
  double vtbi_ml = 0;
  double rate_ml_h = 0;            // from the dose / dose rate / duration / concentration
  double dose_rate_mg_h = 0;       // 0 when unknown (no concentration)
  double concentration_mg_ml = 0;  // 0 when not given
  double weight_kg = 0;            // 0 when not given
  double duration_min = 0;         // 0 when not given (TQ1-13)
};

// Why a program is refused before it is accepted: a PIV error code (ERR-5) and its text.
struct ProgramError {
  std::string code;  // "9003" missing parameter, "9004" invalid parameter, "9017"
  std::string text;
  std::string location;  // "RXG-15"
};

struct ProgramRead {
  std::optional<Program> program;
  ProgramError error;  // when !program
};

// Reads an RGV^O15 (ORC-1 RE: a new infusion). The infusion rate is the VTBI over the TQ1
// duration when both are given, else the dose rate (mg/h, or per kg times the weight row)
// over the concentration (RXG-17/18 over RXG-23/24), else a rate already in mL/h; the VTBI is
// RXG-5, else the rate times the duration.
ProgramRead read_program(const hl7v2::Message& message);

}  // namespace titrate::pump_sim
