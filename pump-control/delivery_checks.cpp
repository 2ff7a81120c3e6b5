#include "pump-control/delivery_checks.h"

#include "gateway/model/decimal_math.h"
#include "gateway/model/units.h"

namespace titrate::pump_control {
namespace {

using model::Decimal;
using model::Quantity;

constexpr int kDoseScale = 3;

std::optional<Decimal> value_in(const Quantity& q, std::string_view unit) {
  if (q.unit.empty() && q.value == Decimal{}) return std::nullopt;
  if (q.unit == unit) return q.value;
  if (auto converted = units::convert(q, unit)) return converted->value;
  return std::nullopt;
}

std::string note(std::string_view code, const Quantity& observed, std::string_view relation,
                 const Quantity& threshold) {
  return std::string(code) + ": " + observed.value.to_string() + " " + observed.unit + " " +
         std::string(relation) + " " + threshold.value.to_string() + " " + threshold.unit;
}

void check_rate(const Session& s, const model::DosingPlan& plan, const Tolerances& t,
                std::vector<Deviation>& out) {
  if (s.state != model::SessionState::kRunning || s.transitioning || !s.rate) return;
  const std::optional<Decimal> rate = value_in(*s.rate, "mL/h");
  const std::optional<Decimal> planned = value_in(plan.infusion_rate.value, "mL/h");
  if (!rate || !planned || rate->mantissa == 0 || planned->mantissa <= 0) return;
  const auto difference = decimal::subtract(*rate, *planned);
  const auto allowed = decimal::divide(
      decimal::multiply(*planned, t.rate_percent).value_or(Decimal{}), Decimal{100, 0}, 6);
  if (!difference || !allowed) return;
  if (decimal::compare(decimal::abs(*difference), *allowed) <= 0) return;
  const bool over = difference->mantissa > 0;
  const auto bound =
      over ? decimal::add(*planned, *allowed) : decimal::subtract(*planned, *allowed);
  Deviation d{"rate-mismatch",
              "/tolerances/rate_percent",
              "",
              {*rate, "mL/h"},
              {bound.value_or(*planned), "mL/h"}};
  d.message = note(d.code, d.observed, over ? "above" : "below", d.threshold);
  out.push_back(std::move(d));
}

void check_volume(const Session& s, const model::DosingPlan& plan, const Tolerances& t,
                  std::vector<Deviation>& out) {
  const std::optional<Decimal> vtbi = value_in(plan.vtbi.value, "mL");
  if (!vtbi || vtbi->mantissa <= 0) return;
  const auto limit = decimal::add(*vtbi, t.volume_beyond_vtbi_ml);
  if (!limit || decimal::compare(s.volume_ml, *limit) <= 0) return;
  Deviation d{"volume-beyond-vtbi",
              "/tolerances/volume_beyond_vtbi_ml",
              "",
              {s.volume_ml, "mL"},
              {*limit, "mL"}};
  d.message = note(d.code, d.observed, "above", d.threshold);
  out.push_back(std::move(d));
}

void check_duration(const Session& s, const model::DosingPlan& plan, const Tolerances& t,
                    int64_t at_us, std::vector<Deviation>& out) {
  const std::optional<Decimal> minutes = value_in(plan.duration.value, "min");
  if (!minutes || minutes->mantissa <= 0) return;
  const auto factor = decimal::add(Decimal{100, 0}, t.duration_beyond_plan_percent);
  if (!factor) return;
  const auto limit_min =
      decimal::divide(decimal::multiply(*minutes, *factor).value_or(Decimal{}), Decimal{100, 0}, 6);
  if (!limit_min) return;
  const auto limit_us = decimal::multiply(*limit_min, Decimal{60'000'000, 0});
  const Decimal running_us{running_time_us(s, at_us), 0};
  if (!limit_us || decimal::compare(running_us, *limit_us) <= 0) return;
  const auto observed = decimal::divide(running_us, Decimal{60'000'000, 0}, 1);
  Deviation d{"duration-beyond-plan",
              "/tolerances/duration_beyond_plan_percent",
              "",
              {observed.value_or(Decimal{}), "min"},
              {*limit_min, "min"}};
  d.message = note(d.code, d.observed, "above", d.threshold);
  out.push_back(std::move(d));
}

std::optional<std::pair<Decimal, Decimal>> mg_per_ml(const model::Ratio& c) {
  const std::optional<Decimal> mg = value_in(c.numerator, "mg");
  const std::optional<Decimal> ml = value_in(c.denominator, "mL");
  if (!mg || !ml || ml->mantissa == 0) return std::nullopt;
  return std::make_pair(*mg, *ml);
}

}  // namespace

std::vector<Deviation> check_delivery(const Session& session, const model::DosingPlan& plan,
                                      const Tolerances& tolerances, int64_t at_us) {
  std::vector<Deviation> out;
  check_rate(session, plan, tolerances, out);
  check_volume(session, plan, tolerances, out);
  check_duration(session, plan, tolerances, at_us, out);
  return out;
}

std::optional<Quantity> dose_of_volume(const model::Ratio& concentration,
                                       const Decimal& volume_ml) {
  const auto c = mg_per_ml(concentration);
  if (!c) return std::nullopt;
  const auto product = decimal::multiply(volume_ml, c->first);
  if (!product) return std::nullopt;
  const auto mg = decimal::divide(*product, c->second, kDoseScale);
  if (!mg) return std::nullopt;
  return Quantity{*mg, "mg"};
}

std::optional<Quantity> dose_rate_of_rate(const model::Ratio& concentration, const Quantity& rate) {
  const std::optional<Decimal> ml_h = value_in(rate, "mL/h");
  if (!ml_h) return std::nullopt;
  std::optional<Quantity> mg = dose_of_volume(concentration, *ml_h);
  if (!mg) return std::nullopt;
  mg->unit = "mg/h";
  return mg;
}

}  // namespace titrate::pump_control
