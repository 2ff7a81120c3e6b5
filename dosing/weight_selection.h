#pragma once

#include <cstdint>
#include <optional>

#include "dosing/finding.h"
#include "gateway/model/patient_context.h"

namespace titrate::dosing {

struct WeightChoice {
  std::optional<model::BodyMeasurement> weight;  // value in kg
  std::optional<Finding> problem;                // weight-missing or weight-stale (held)
};

// The latest usable body weight (kWeight, not entered-in-error or cancelled, a mass above 0,
// a parseable effective time). It must be at most `max_age_hours` old at `now_us` (equal is
// fresh); a weight timed in the future counts as fresh.
WeightChoice select_weight(const model::PatientContext& patient, int64_t now_us,
                           int64_t max_age_hours);

}  // namespace titrate::dosing
