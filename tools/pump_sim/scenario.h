#pragma once

#include <optional>
#include <string_view>

// What happens during each infusion a simulated pump runs (and to its patient's vital signs).
namespace titrate::pump_sim {

enum class Scenario {
  kNormal,        // start, run at the programmed rate, complete with the VTBI
  kOcclusion,     // midway: PCD-04 occlusion alarm, delivery stops; no completion
  kPauseResume,   // the clinician stops the pump, resumes it minutes later, it completes
  kHypertension,  // the monitor's blood pressure climbs past the alert limits, then settles
  kSpo2Drop,      // SpO2 drifts below the alert limit, then recovers
  kDisconnect,    // the pump goes silent and drops its connection, comes back, completes
};

// "mixed" is not a scenario of its own: pump i runs the i-th of the six in turn.
struct ScenarioChoice {
  bool mixed = false;
  Scenario scenario = Scenario::kNormal;
  Scenario for_pump(int pump_number) const;  // 1-based
};

std::optional<ScenarioChoice> parse_scenario(std::string_view name);
std::string_view scenario_name(Scenario scenario);

}  // namespace titrate::pump_sim
