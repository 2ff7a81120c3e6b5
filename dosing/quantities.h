#pragma once

#include <optional>
#include <string_view>

#include "gateway/model/decimal_math.h"
#include "gateway/model/values.h"

// Order and library quantities as exact numbers in the units the dosing rules use.
namespace titrate::dosing {

// `q` in `unit` (units::convert), or nullopt when the units do not convert.
std::optional<decimal::Exact> exact_in(const model::Quantity& q, std::string_view unit);

// mg per mL of an amount-per-volume ratio, or nullopt when it is not mass / volume.
std::optional<decimal::Exact> concentration_mg_per_ml(const model::Ratio& concentration);

// "mg/kg", "ug/kg", "mg/kg/h", "ug/kg/min", "mg/[lb_av]": a mass per body mass (per time).
bool is_per_body_mass(std::string_view unit);

}  // namespace titrate::dosing
