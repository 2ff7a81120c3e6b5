#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gateway/model/dosing_plan.h"
#include "pump-control/pump_control_config.h"
#include "pump-control/session.h"

// Delivered versus planned. A value at the tolerance is within it; only beyond it deviates.
namespace titrate::pump_control {

struct Deviation {
  std::string code;     // rate-mismatch, volume-beyond-vtbi, duration-beyond-plan
  std::string rule;     // the tolerance that applies ("/tolerances/rate_percent")
  std::string message;  // the note carried in administration events; no patient data
  model::Quantity observed, threshold;
};

// rate-mismatch: the session is running (not mid rate change), a non-zero rate is reported,
//   and |rate - planned| > planned × rate_percent / 100.
// volume-beyond-vtbi: volume delivered > plan VTBI + volume_beyond_vtbi_ml.
// duration-beyond-plan: time running (pauses excluded) at `at_us` > planned duration ×
//   (100 + duration_beyond_plan_percent) / 100.
// Checks whose planned value is missing or zero are skipped.
std::vector<Deviation> check_delivery(const Session& session, const model::DosingPlan& plan,
                                      const Tolerances& tolerances, int64_t at_us);

// Concentration of the plan in mg/mL and amounts derived from it, exact where the numbers
// allow (rounded to 0.001 mg otherwise); nullopt when the units do not convert.
std::optional<model::Quantity> dose_of_volume(const model::Ratio& concentration,
                                              const model::Decimal& volume_ml);
std::optional<model::Quantity> dose_rate_of_rate(const model::Ratio& concentration,
                                                 const model::Quantity& rate);

}  // namespace titrate::pump_control
