#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mappers/hl7v2/message.h"
#include "tools/pump_sim/program.h"
#include "tools/pump_sim/vitals.h"

// The simulator's HL7 v2 messages, in the shapes of tests/fixtures/pcd (which the gateway's
// mappers/inbound/pcd reads): PCD-10 ORU^R42 events, PCD-01 ORU^R01 pump status and monitor
// vitals, PCD-04 ORU^R40 alarms, and the PCD-03 answers ACK^O15 and RRG^O16.
namespace titrate::pump_sim {

struct Device {
  std::string name;      // "P1" (pump) or "M1" (monitor)
  std::string eui64;     // "00A1B2C3D4E5F601"
  std::string location;  // PV1-3 "INF^CHAIR1^1"
};

struct Envelope {
  std::string control_id;  // MSH-10
  int64_t time_us = 0;     // MSH-7, OBR-7: the simulated time
};

// What a pump reports about its infusion. Numbers are written with one decimal, except
// `volume_text` which is written as given (the VTBI exactly, at completion).
struct InfusionSnapshot {
  const Program* program = nullptr;
  bool infusing = false;
  std::string delivery_status;        // "delivering", "not-delivering", "transitioning"
  std::string not_delivering_reason;  // "pump-stopped-by-clinician", "pump-stopped-alarming"
  std::string volume_text;            // MDC_VOL_FLUID_DELIV_TOTAL, mL
  double remaining_ml = 0;            // MDC_VOL_FLUID_TBI_REMAIN
  double remaining_min = 0;           // MDC_TIME_PD_REMAIN
};

enum class InfusionEvent { kStart, kStop, kComplete };

std::string pcd10_event(const Device& pump, const Envelope& env, const InfusionSnapshot& s,
                        InfusionEvent event);
// With `s.program` null: an idle pump (no patient) telling the gateway where it is.
std::string pcd01_pump_status(const Device& pump, const Envelope& env, const InfusionSnapshot& s);
std::string pcd04_occlusion(const Device& pump, const Envelope& env, const InfusionSnapshot& s);
std::string pcd01_vitals(const Device& monitor, const Envelope& env, std::string_view patient_pid3,
                         const Vitals& v);

// ACK^O15 to an RGV^O15 (MSA-1 CA, or CR with ERR-5 `code^text`).
std::string ack_o15(const hl7v2::Message& rgv, const Envelope& env, bool accepted,
                    const ProgramError& error);
// RRG^O16 application answer (MSA-1 AA, or AR with ERR-5), PID and ORC-2 = the program.
std::string rrg_o16(const Program& program, const Envelope& env, bool accepted,
                    const ProgramError& error);

}  // namespace titrate::pump_sim
