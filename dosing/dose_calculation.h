#pragma once

#include <array>
#include <optional>

#include "dosing/drug_library.h"
#include "dosing/finding.h"
#include "gateway/model/decimal_math.h"
#include "gateway/model/dosing_plan.h"
#include "gateway/model/infusion_order.h"
#include "gateway/model/patient_context.h"

// The numbers of one infusion from the order, the library entry and the weight, exactly, each
// rounded once at the end to the resolution its rule names:
//   mg/kg    dose = dose_per_kg × weight;   dose_rate = dose ÷ duration
//   mg       dose as ordered;               dose_rate = dose ÷ duration
//   mg/kg/h  dose_rate = rate_per_kg × weight;  dose = dose_rate × duration
//   mg/h     dose_rate as ordered;          dose = dose_rate × duration
//   infusion_rate = dose_rate ÷ concentration;  vtbi = dose ÷ concentration
// Duration is the order's (TQ1-13 / repeat.duration), else the entry's default.
namespace titrate::dosing {

struct Calculation {
  model::PlanValue weight, dose, dose_rate, infusion_rate, vtbi, duration;
  // What each limit is compared with: the planned (rounded) values for mg, mg/h, mL/h, mL
  // and min — what the pump will be told — and the exact per-kg values.
  std::array<std::optional<decimal::Exact>, 7> limited;  // indexed by Limited
  std::optional<Finding> problem;                        // an unusable number (rejected)

  const std::optional<decimal::Exact>& value(Limited what) const {
    return limited[static_cast<size_t>(what)];
  }
};

// `weight` is required (non-null, in kg) for the weight-based bases.
Calculation calculate(const DrugEntry& entry, const model::InfusionOrder& order,
                      const model::BodyMeasurement* weight, bool concentration_from_library);

}  // namespace titrate::dosing
