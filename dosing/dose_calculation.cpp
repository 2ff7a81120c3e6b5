#include "dosing/dose_calculation.h"

#include "dosing/quantities.h"
#include "gateway/model/units.h"

namespace titrate::dosing {
namespace {

// Resolutions: mass and mass rate to 0.01 mg, volume and volume rate to 0.1 mL as a pump
// shows them, duration to 0.1 min.
constexpr int kMgScale = 2;
constexpr int kMlScale = 1;
constexpr int kMinScale = 1;

model::PlanInput input(std::string name, model::Quantity value, std::string source) {
  return model::PlanInput{std::move(name), std::move(value), std::move(source)};
}

model::Quantity as_quantity(const model::Decimal& value, std::string unit) {
  return model::Quantity{value, std::move(unit)};
}

struct Rounded {
  model::Decimal value;
  decimal::Exact exact;  // the rounded value, exactly
};

std::optional<Rounded> round(const decimal::Exact& value, int scale, int min_scale) {
  const std::optional<model::Decimal> d = value.round(scale, min_scale);
  if (!d) return std::nullopt;
  return Rounded{*d, decimal::Exact::of(*d)};
}

Finding unusable(const std::string& what, const DrugEntry& entry) {
  return finding(Finding::Effect::kReject, "dose-invalid",
                 "the " + what + " cannot be computed from the order", entry.pointer);
}

}  // namespace

Calculation calculate(const DrugEntry& entry, const model::InfusionOrder& order,
                      const model::BodyMeasurement* weight, bool concentration_from_library) {
  Calculation calc;
  const std::string library = "library " + entry.id;
  const decimal::Exact concentration = *concentration_mg_per_ml(entry.concentration);
  const model::Quantity concentration_q = as_quantity(*concentration.round(6, 0), "mg/mL");
  const std::string concentration_source =
      concentration_from_library ? library + " (the order named none)" : "order, " + library;

  // Duration.
  std::optional<decimal::Exact> minutes;
  model::PlanInput duration_input;
  if (order.timing.duration) {
    minutes = exact_in(*order.timing.duration, "min");
    duration_input = input("duration", *order.timing.duration, "order timing.duration");
  } else {
    minutes = exact_in(entry.default_duration, "min");
    duration_input = input("duration", entry.default_duration, library + " default_duration");
  }
  if (!minutes || minutes->is_zero() || minutes->negative()) {
    calc.problem = finding(Finding::Effect::kReject, "duration-invalid",
                           "the infusion duration must be a time above 0", entry.pointer);
    return calc;
  }
  const std::optional<Rounded> duration = round(*minutes, kMinScale, 0);
  if (!duration) {
    calc.problem = unusable("duration", entry);
    return calc;
  }
  calc.duration = {
      as_quantity(duration->value, "min"), "duration in min, to 0.1 min", {duration_input}};
  const decimal::Exact hours = duration->exact / decimal::Exact::of(60);

  // Weight.
  std::optional<decimal::Exact> kg;
  model::PlanInput weight_input;
  const bool weight_based =
      entry.basis == DosingBasis::kMgPerKg || entry.basis == DosingBasis::kMgPerKgPerHour;
  if (weight_based) {
    kg = weight ? exact_in(weight->value, "kg") : std::nullopt;
    if (!kg) {
      calc.problem = unusable("weight", entry);
      return calc;
    }
    const model::Quantity kg_q = *units::convert(weight->value, "kg");
    const std::string observation = "weight observation " + weight->effective.value;
    weight_input = input("weight", kg_q, observation);
    // The weight's own input is what the EHR reported (165 [lb_av]), when it said.
    const model::Quantity& reported =
        weight->reported.unit.empty() ? weight->value : weight->reported;
    calc.weight = {kg_q, "latest body weight, kg", {input("weight", reported, observation)}};
  } else {
    calc.weight = {as_quantity(model::Decimal{0, 0}, "kg"),
                   "not used: dosing basis " + std::string(basis_name(entry.basis)),
                   {}};
  }

  // Dose and dose rate, by basis.
  std::optional<decimal::Exact> dose_mg, rate_mg_h, per_kg_dose, per_kg_rate;
  model::PlanInput ordered;
  std::string dose_rule, rate_rule;
  switch (entry.basis) {
    case DosingBasis::kMgPerKg:
      per_kg_dose = exact_in(*order.dose, "mg/kg");
      ordered = input("dose_per_kg", *order.dose, "order dose");
      if (per_kg_dose) dose_mg = *per_kg_dose * *kg;
      dose_rule = "dose = dose_per_kg × weight, mg to 0.01";
      rate_rule = "dose_rate = dose ÷ duration, mg/h to 0.01";
      break;
    case DosingBasis::kMg:
      dose_mg = exact_in(*order.dose, "mg");
      ordered = input("dose", *order.dose, "order dose");
      dose_rule = "dose as ordered, mg to 0.01";
      rate_rule = "dose_rate = dose ÷ duration, mg/h to 0.01";
      break;
    case DosingBasis::kMgPerKgPerHour:
      per_kg_rate = exact_in(*order.dose_rate, "mg/kg/h");
      ordered = input("dose_rate_per_kg", *order.dose_rate, "order dose_rate");
      if (per_kg_rate) rate_mg_h = *per_kg_rate * *kg;
      dose_rule = "dose = dose_rate × duration, mg to 0.01";
      rate_rule = "dose_rate = dose_rate_per_kg × weight, mg/h to 0.01";
      break;
    case DosingBasis::kMgPerHour:
      rate_mg_h = exact_in(*order.dose_rate, "mg/h");
      ordered = input("dose_rate", *order.dose_rate, "order dose_rate");
      dose_rule = "dose = dose_rate × duration, mg to 0.01";
      rate_rule = "dose_rate as ordered, mg/h to 0.01";
      break;
  }
  if (dose_mg) rate_mg_h = *dose_mg / hours;
  if (rate_mg_h && !dose_mg) dose_mg = *rate_mg_h * hours;
  const std::optional<Rounded> dose = dose_mg ? round(*dose_mg, kMgScale, 0) : std::nullopt;
  const std::optional<Rounded> rate = rate_mg_h ? round(*rate_mg_h, kMgScale, 0) : std::nullopt;
  if (!dose || !rate || dose->exact.negative() || dose->exact.is_zero()) {
    calc.problem = unusable("dose", entry);
    return calc;
  }

  // Volumes from the exact mass values, so that rounding happens once.
  const std::optional<Rounded> ml_h = round(*rate_mg_h / concentration, kMlScale, kMlScale);
  const std::optional<Rounded> ml = round(*dose_mg / concentration, kMlScale, kMlScale);
  if (!ml_h || !ml) {
    calc.problem = unusable("infusion rate", entry);
    return calc;
  }

  const model::PlanInput conc_input = input("concentration", concentration_q, concentration_source);
  const model::PlanInput duration_plan = input("duration", calc.duration.value, "plan duration");
  std::vector<model::PlanInput> dose_inputs{ordered};
  if (weight_based) dose_inputs.push_back(weight_input);
  if (entry.basis == DosingBasis::kMgPerKgPerHour || entry.basis == DosingBasis::kMgPerHour) {
    dose_inputs.push_back(duration_plan);
  }
  calc.dose = {as_quantity(dose->value, "mg"), dose_rule, dose_inputs};
  std::vector<model::PlanInput> rate_inputs{ordered};
  if (weight_based) rate_inputs.push_back(weight_input);
  if (entry.basis == DosingBasis::kMgPerKg || entry.basis == DosingBasis::kMg) {
    rate_inputs.push_back(duration_plan);
  }
  calc.dose_rate = {as_quantity(rate->value, "mg/h"), rate_rule, rate_inputs};
  calc.infusion_rate = {as_quantity(ml_h->value, "mL/h"),
                        "infusion_rate = dose_rate ÷ concentration, mL/h to 0.1",
                        {input("dose_rate", calc.dose_rate.value, "plan dose_rate"), conc_input}};
  calc.vtbi = {as_quantity(ml->value, "mL"),
               "vtbi = dose ÷ concentration, mL to 0.1",
               {input("dose", calc.dose.value, "plan dose"), conc_input}};

  auto set = [&](Limited what, std::optional<decimal::Exact> v) {
    calc.limited[static_cast<size_t>(what)] = v;
  };
  set(Limited::kDose, dose->exact);
  set(Limited::kDoseRate, rate->exact);
  set(Limited::kInfusionRate, ml_h->exact);
  set(Limited::kVtbi, ml->exact);
  set(Limited::kDuration, duration->exact);
  if (weight_based) {
    set(Limited::kDosePerKg, per_kg_dose ? *per_kg_dose : *dose_mg / *kg);
    set(Limited::kDoseRatePerKg, per_kg_rate ? *per_kg_rate : *rate_mg_h / *kg);
  }
  return calc;
}

}  // namespace titrate::dosing
