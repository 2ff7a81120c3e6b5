#include "tools/pump_sim/scenario.h"

#include <array>

namespace titrate::pump_sim {
namespace {

constexpr std::array<Scenario, 6> kAll{Scenario::kNormal,      Scenario::kOcclusion,
                                       Scenario::kPauseResume, Scenario::kHypertension,
                                       Scenario::kSpo2Drop,    Scenario::kDisconnect};

}  // namespace

Scenario ScenarioChoice::for_pump(int pump_number) const {
  if (!mixed) return scenario;
  const int index = pump_number < 1 ? 0 : (pump_number - 1) % static_cast<int>(kAll.size());
  return kAll[static_cast<size_t>(index)];
}

std::string_view scenario_name(Scenario scenario) {
  switch (scenario) {
    case Scenario::kNormal:
      return "normal";
    case Scenario::kOcclusion:
      return "occlusion";
    case Scenario::kPauseResume:
      return "pause-resume";
    case Scenario::kHypertension:
      return "hypertension";
    case Scenario::kSpo2Drop:
      return "spo2-drop";
    case Scenario::kDisconnect:
      return "disconnect";
  }
  return "normal";
}

std::optional<ScenarioChoice> parse_scenario(std::string_view name) {
  if (name == "mixed") return ScenarioChoice{true, Scenario::kNormal};
  for (Scenario s : kAll) {
    if (scenario_name(s) == name) return ScenarioChoice{false, s};
  }
  return std::nullopt;
}

}  // namespace titrate::pump_sim
