#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/values.h"

// What a UCUM unit measures, as far as an infusion order cares, and the arithmetic that turns
// "amount per give-per interval" into a rate.
namespace titrate::inbound {

enum class UnitKind {
  kMass,               // mg: a dose
  kMassPerWeight,      // mg/kg: a weight-based dose
  kVolume,             // mL: a volume to infuse
  kMassRate,           // mg/h: a dose rate
  kMassPerWeightRate,  // mg/kg/h: a weight-based dose rate
  kVolumeRate,         // mL/h: a pump rate
  kConcentration,      // mg/mL
  kOther,
};

// By dimension (units::same_dimension), so ug/kg/min is a weight-based dose rate like mg/kg/h.
UnitKind classify_unit(std::string_view ucum);
inline bool is_rate(UnitKind k) {
  return k == UnitKind::kMassRate || k == UnitKind::kMassPerWeightRate ||
         k == UnitKind::kVolumeRate;
}

// HL7 "give per (time unit)" (RXE-22, RXO-17): S<n> seconds, M<n> minutes, H<n> hours,
// D<n> days, W<n> weeks. Months (L<n>) are not a fixed length and are refused.
struct GivePer {
  int count = 1;
  std::string_view unit;  // UCUM: s, min, h, d, wk
};
std::optional<GivePer> parse_give_per(std::string_view text);

// `amount` per `per` as a rate: 500 mL per H4 -> 125 mL/h. The quotient is exact when it has
// at most six more decimals than the amount, else rounded half away from zero at six.
std::optional<model::Quantity> per_interval(const model::Quantity& amount, const GivePer& per);

}  // namespace titrate::inbound
