#include "mappers/inbound/hl7v2/dose_units.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "gateway/model/units.h"

namespace titrate::inbound {
namespace {

// Checked in this order; a unit of none of these dimensions is kOther.
constexpr std::array<std::pair<std::string_view, UnitKind>, 7> kReferences = {{
    {"mL/h", UnitKind::kVolumeRate},
    {"mg/h", UnitKind::kMassRate},
    {"mg/kg/h", UnitKind::kMassPerWeightRate},
    {"mg/mL", UnitKind::kConcentration},
    {"mg/kg", UnitKind::kMassPerWeight},
    {"mg", UnitKind::kMass},
    {"mL", UnitKind::kVolume},
}};

constexpr std::array<std::pair<char, std::string_view>, 5> kGivePerUnits = {
    {{'S', "s"}, {'M', "min"}, {'H', "h"}, {'D', "d"}, {'W', "wk"}}};

constexpr int kMaxExtraDecimals = 6;

}  // namespace

UnitKind classify_unit(std::string_view ucum) {
  for (const auto& [reference, kind] : kReferences) {
    if (units::same_dimension(ucum, reference)) return kind;
  }
  return UnitKind::kOther;
}

std::optional<GivePer> parse_give_per(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  GivePer per;
  for (const auto& [letter, unit] : kGivePerUnits) {
    if (text.front() == letter) per.unit = unit;
  }
  if (per.unit.empty()) return std::nullopt;
  int count = 0;
  for (char c : text.substr(1)) {
    if (c < '0' || c > '9' || count > 100'000) return std::nullopt;
    count = count * 10 + (c - '0');
  }
  if (count == 0) return std::nullopt;
  per.count = count;
  return per;
}

std::optional<model::Quantity> per_interval(const model::Quantity& amount, const GivePer& per) {
  using Int = __int128;  // the amount's 18 digits and six more decimals
  const Int divisor = per.count;
  Int mantissa = amount.value.mantissa;
  int32_t scale = amount.value.scale;
  for (int extra = 0; mantissa % divisor != 0 && extra < kMaxExtraDecimals; ++extra) {
    mantissa *= 10;
    ++scale;
  }
  Int quotient = mantissa / divisor;
  const Int twice_remainder = 2 * (mantissa % divisor);
  if (twice_remainder >= divisor) ++quotient;
  if (-twice_remainder >= divisor) --quotient;
  if (quotient > INT64_MAX || quotient < INT64_MIN) return std::nullopt;
  return model::Quantity{{static_cast<int64_t>(quotient), scale},
                         amount.unit + "/" + std::string(per.unit)};
}

}  // namespace titrate::inbound
