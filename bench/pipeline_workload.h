// The pipeline benchmark's inputs: per patient a patient context and a ketamine order, a pump
// registry with one pump per chair, a pump fleet that accepts every program at once, and the
// telemetry of each programmed infusion.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "gateway/bus/event.h"
#include "pump-control/pump_control_config.h"
#include "pump-control/pump_programmer.h"

namespace titrate::bench {

// Patient i sits in chair i: location INFUSION^CHAIR<i>^1, weight 60 + i % 41 kg.
bus::Event patient_event(int patient, int64_t now_us);
// Ketamine 0.5 mg/kg over 40 min at 1 mg/mL, care area mental-health, action NW.
bus::Event order_event(int patient, int64_t now_us);

// The default vital-sign rules and tolerances, and pump i registered at INFUSION^CHAIR<i>.
pump_control::PumpControlConfig pump_registry(int patients);

// The pump fleet: accepts every program at once and remembers it (it is not what we measure).
class InstantProgrammer final : public pump_control::PumpProgrammer {
 public:
  pump_control::ProgramResult program(const pump_control::PumpProgram& program) override;
  std::vector<pump_control::PumpProgram> programs() const;

 private:
  mutable std::mutex mutex_;
  std::vector<pump_control::PumpProgram> programs_;
};

// Per programmed infusion: PCD-10 delivery start at the planned rate, a PCD-01 status with the
// volume so far, a PCD-10 start at 95 % of the rate (a rate change), PCD-10 delivery complete
// with the planned volume. Three of them make an administration event (start, rate change,
// complete). With `with_location` the events carry PV1-3 as pump servers send it, which
// makes pump control learn the device.
inline constexpr int kTelemetryPerSession = 4;
inline constexpr int kAdministrationsPerSession = 3;
std::vector<bus::Event> session_telemetry(const pump_control::PumpProgram& program, int session,
                                          int64_t start_us, bool with_location);

// The shortest complete infusion: PCD-10 delivery start at the planned rate, then delivery
// complete with the planned volume 40 minutes later. Two administration events (start, complete).
inline constexpr int kAdministrationsPerShortSession = 2;
std::vector<bus::Event> start_and_complete(const pump_control::PumpProgram& program, int session,
                                           int64_t start_us, bool with_location);

}  // namespace titrate::bench
