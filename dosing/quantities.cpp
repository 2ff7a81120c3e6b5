#include "dosing/quantities.h"

#include "gateway/model/units.h"

namespace titrate::dosing {

std::optional<decimal::Exact> exact_in(const model::Quantity& q, std::string_view unit) {
  const std::optional<model::Quantity> converted = units::convert(q, unit);
  if (!converted) return std::nullopt;
  const decimal::Exact value = decimal::Exact::of(converted->value);
  if (!value.valid()) return std::nullopt;
  return value;
}

std::optional<decimal::Exact> concentration_mg_per_ml(const model::Ratio& concentration) {
  const std::optional<decimal::Exact> amount = exact_in(concentration.numerator, "mg");
  const std::optional<decimal::Exact> volume = exact_in(concentration.denominator, "mL");
  if (!amount || !volume || volume->is_zero()) return std::nullopt;
  return *amount / *volume;
}

bool is_per_body_mass(std::string_view unit) {
  // The numerator must be a mass: "mL/L" has the dimension of "mg/kg" but is not a dose.
  const size_t slash = unit.find('/');
  if (slash == std::string_view::npos) return false;
  return units::same_dimension(unit.substr(0, slash), "mg") &&
         (units::same_dimension(unit, "mg/kg") || units::same_dimension(unit, "mg/kg/h"));
}

}  // namespace titrate::dosing
