#include "dosing/limit_check.h"

#include <set>

namespace titrate::dosing {
namespace {

using Effect = Finding::Effect;

std::string text(const decimal::Exact& value) {
  const std::optional<model::Decimal> d = value.round(4, 0);
  return d ? d->to_string() : "(out of range)";
}

void check_bound(Findings& out, const Limit& limit, const decimal::Exact& value,
                 const std::optional<Bound>& bound, bool is_max, bool hard) {
  if (!bound) return;
  const decimal::Exact b = decimal::Exact::of(bound->value);
  if (is_max ? !(value > b) : !(value < b)) return;
  const std::string unit(limited_unit(limit.what));
  out.push_back(
      finding(hard ? Effect::kReject : Effect::kHoldOverridable, hard ? "hard-limit" : "soft-limit",
              std::string(limited_key(limit.what)) + " " + text(value) + " " + unit + " is " +
                  (is_max ? "above" : "below") + " the " + (hard ? "hard " : "soft ") +
                  (is_max ? "maximum " : "minimum ") + bound->value.to_string() + " " + unit,
              bound->pointer));
}

void over(Findings& out, const char* code, const std::string& what, const decimal::Exact& value,
          const Bound& bound, const char* unit) {
  if (!(value > decimal::Exact::of(bound.value))) return;
  out.push_back(finding(Effect::kReject, code,
                        what + " " + text(value) + " " + unit + " is above the maximum " +
                            bound.value.to_string() + " " + unit,
                        bound.pointer));
}

}  // namespace

Findings check_limits(const DrugEntry& entry, const Calculation& calculation) {
  Findings out;
  for (const Limit& limit : entry.limits) {
    const std::optional<decimal::Exact>& value = calculation.value(limit.what);
    if (!value) continue;
    check_bound(out, limit, *value, limit.hard_min, false, true);
    check_bound(out, limit, *value, limit.hard_max, true, true);
  }
  for (const Limit& limit : entry.limits) {
    const std::optional<decimal::Exact>& value = calculation.value(limit.what);
    if (!value) continue;
    check_bound(out, limit, *value, limit.soft_min, false, false);
    check_bound(out, limit, *value, limit.soft_max, true, false);
  }
  return out;
}

Findings check_series(const DrugEntry& entry, const decimal::Exact& dose_mg,
                      const SeriesContext& context) {
  Findings out;
  static const std::vector<PriorInfusion> kNone;
  const std::vector<PriorInfusion>& prior = context.prior ? *context.prior : kNone;

  // Days with an infusion of this drug, and the course: today and the consecutive days
  // before it that each had one.
  std::set<int64_t> days;
  for (const PriorInfusion& p : prior) {
    if (p.drug == entry.drug) days.insert(p.day);
  }
  int64_t course_start = context.today;
  while (days.count(course_start - 1)) --course_start;
  const int64_t course_days = context.today - course_start + 1;

  decimal::Exact day_mg = dose_mg, course_mg = dose_mg;
  std::optional<int64_t> last_us;
  for (const PriorInfusion& p : prior) {
    if (p.drug != entry.drug) continue;
    if (p.day == context.today) day_mg = day_mg + decimal::Exact::of(p.mg);
    if (p.day >= course_start && p.day <= context.today)
      course_mg = course_mg + decimal::Exact::of(p.mg);
    if (!last_us || p.time_us > *last_us) last_us = p.time_us;
  }

  const CumulativeLimits& c = entry.cumulative;
  if (c.per_infusion_mg) over(out, "cumulative-limit", "dose", dose_mg, *c.per_infusion_mg, "mg");
  if (c.per_day_mg) over(out, "cumulative-limit", "total today", day_mg, *c.per_day_mg, "mg");
  if (c.per_course_mg) {
    over(out, "cumulative-limit", "total this course", course_mg, *c.per_course_mg, "mg");
  }

  const SeriesRules& s = entry.series;
  const std::string n = std::to_string(context.infusion_number);
  if (s.max_infusions && context.infusion_number > s.max_infusions->value) {
    out.push_back(finding(Effect::kReject, "series-limit",
                          "infusion " + n + " is beyond the library's series of " +
                              std::to_string(s.max_infusions->value),
                          s.max_infusions->pointer));
  }
  if (context.order_count && context.infusion_number > *context.order_count) {
    out.push_back(finding(Effect::kReject, "series-complete",
                          "infusion " + n + " is beyond the order's " +
                              std::to_string(*context.order_count) + " infusions",
                          "order timing.count"));
  }
  if (s.course_max_days && course_days > s.course_max_days->value) {
    out.push_back(finding(Effect::kReject, "course-limit",
                          "today would be day " + std::to_string(course_days) +
                              " of consecutive infusions; the course allows " +
                              std::to_string(s.course_max_days->value),
                          s.course_max_days->pointer));
  }
  if (s.min_hours_between && last_us) {
    const decimal::Exact hours =
        decimal::Exact::of(context.now_us - *last_us) / decimal::Exact::of(3'600'000'000);
    if (hours < decimal::Exact::of(s.min_hours_between->value)) {
      out.push_back(finding(Effect::kReject, "infusion-interval",
                            "the previous infusion was planned " + text(hours) +
                                " h ago; the minimum is " + s.min_hours_between->value.to_string() +
                                " h",
                            s.min_hours_between->pointer));
    }
  }
  return out;
}

}  // namespace titrate::dosing
