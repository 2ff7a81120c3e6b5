#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gateway/model/administration.h"
#include "gateway/model/code_systems.h"
#include "gateway/model/pump_event.h"
#include "pump-control/pump_control_config.h"

// Monitor readings (PCD-01 kVitals) as vital-sign observations, and the vital-sign rules.
namespace titrate::pump_control {

using model::systems::kLoinc;
using model::systems::kMdc;

// The sign a reading measures, by its MDC code (150021 systolic, 150022 diastolic, 150023
// mean, 147842 / 149546 heart or pulse rate, 150456 SpO2, 151562 respiratory rate) or LOINC
// code (8480-6, 8462-4, 8478-0, 8867-4, 59408-5 / 2708-6, 9279-1).
std::optional<VitalSign> vital_sign_of(const model::DeviceReading& reading);

// The reading's value in the sign's UCUM unit (mm[Hg], /min, %), or nullopt.
std::optional<model::Quantity> vital_value(VitalSign sign, const model::DeviceReading& reading);

// Observations of a kVitals event: systolic and diastolic as one 85354-9 panel with 8480-6 /
// 8462-4 components, every other sign on its own; codings LOINC first, MDC second. Ids are
// `source_event_id` + "/vital/" + the LOINC code, so a redelivery gives the same ids. The
// caller fills session_id.
std::vector<model::ObservationEvent> vital_observations(const model::PumpEvent& event,
                                                        const std::string& source_event_id);

// Pump readings of a PCD-01 status as "device" observations (MDC codes); when the event has
// no readings, its rate, dose rate, volume infused, VTBI and VTBI remaining.
std::vector<model::ObservationEvent> device_observations(const model::PumpEvent& event,
                                                         const std::string& source_event_id);

struct RuleCheck {
  const VitalRule* rule = nullptr;
  bool breached = false;
  model::Quantity observed;
};

// Every enabled rule evaluated against every reading of its sign: breached when the value is
// strictly above (or below) the threshold; equal is within.
std::vector<RuleCheck> check_vital_rules(const std::vector<VitalRule>& rules,
                                         const model::PumpEvent& event);

}  // namespace titrate::pump_control
