#include "dosing/weight_selection.h"

#include "dosing/quantities.h"
#include "gateway/clock/date_time.h"

namespace titrate::dosing {

WeightChoice select_weight(const model::PatientContext& patient, int64_t now_us,
                           int64_t max_age_hours) {
  WeightChoice choice;
  std::optional<int64_t> latest_us;
  for (const model::BodyMeasurement& m : patient.measurements) {
    if (m.kind != model::BodyMeasurement::Kind::kWeight) continue;
    if (m.status == "entered-in-error" || m.status == "cancelled") continue;
    const std::optional<decimal::Exact> kg = exact_in(m.value, "kg");
    if (!kg || kg->is_zero() || kg->negative()) continue;
    const std::optional<clock::Instant> at = clock::parse_date_time(m.effective);
    if (!at) continue;
    if (latest_us && at->us <= *latest_us) continue;
    latest_us = at->us;
    choice.weight = m;
  }
  if (!choice.weight) {
    choice.problem = finding(Finding::Effect::kHold, "weight-missing",
                             "a weight-based dose needs a current body weight", "/weight");
    return choice;
  }
  const int64_t max_age_us = max_age_hours * 3600 * int64_t{1'000'000};
  if (now_us - *latest_us > max_age_us) {
    choice.problem =
        finding(Finding::Effect::kHold, "weight-stale",
                "the latest body weight is older than " + std::to_string(max_age_hours) + " h",
                "/weight/max_age_hours");
    choice.weight.reset();
  }
  return choice;
}

}  // namespace titrate::dosing
