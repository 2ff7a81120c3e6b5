#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/values.h"

// UCUM conversion for the units of infusion orders and body measurements.
//
// Atoms: mass ug mg g kg [lb_av] [oz_av]; length mm cm m [in_i] [ft_i]; volume uL mL L;
// time s min h d wk. An expression is `/`-separated terms, each term one atom or a `.`
// product of atoms, optionally in parentheses: "mg/kg/h", "ug/kg/min", "mg/(kg.h)", "/min".
// Units are case-sensitive UCUM; use canonical_ucum for HL7 spellings first.
namespace titrate::units {

// `q` expressed in `to_unit`, exactly, or nullopt when either unit is unknown, the
// dimensions differ, or the result does not fit a Decimal (18 digits).
//
// Result scale: the input's resolution carried into the new unit (its scale, plus the
// decimal orders of magnitude the unit shrinks by), plus at most two further digits when
// the exact value needs them, rounded half away from zero. Trailing zeros beyond the
// carried resolution are dropped. So 165 [lb_av] -> 74.843 kg, 70 [in_i] -> 177.8 cm,
// 72.50 kg -> 72.50 kg, 250 mg -> 0.250 g, 0.5 mg/kg/h -> 8.33 ug/kg/min.
std::optional<model::Quantity> convert(const model::Quantity& q, std::string_view to_unit);

// Both expressions are known and measure the same thing ("mg/kg/h" and "ug/kg/min").
bool same_dimension(std::string_view a, std::string_view b);

// The UCUM code for a unit as commonly sent in HL7 (case-insensitive: "MG/HR" -> "mg/h",
// "LBS" -> "[lb_av]", "MCG" -> "ug"); proper UCUM for the units above, and a few vital-sign
// units (%, /min, mm[Hg], Cel, [degF], kg/m2, m2), is returned unchanged. nullopt otherwise.
std::optional<std::string> canonical_ucum(std::string_view unit);

}  // namespace titrate::units
