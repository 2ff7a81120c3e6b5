#include "mappers/inbound/hl7v2/dose_units.h"

#include <array>
#include <cstdint>
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
  switch (text.front()) {
    case 'S': per.unit = "s"; break;
    case 'M': per.unit = "min"; break;
    case 'H': per.unit = "h"; break;
    case 'D': per.unit = "d"; break;
    case 'W': per.unit = "wk"; break;
    default: return std::nullopt;
  }
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
  using Int = __int128;
  const Int divisor = per.count;
  Int mantissa = amount.value.mantissa;
  int32_t scale = amount.value.scale;
  for (int extra = 0;; ++extra) {
    if (mantissa % divisor == 0 || extra == kMaxExtraDecimals) {
      Int quotient = mantissa / divisor;
      const Int remainder = mantissa % divisor;
      if (2 * (remainder < 0 ? -remainder : remainder) >= divisor) quotient += mantissa < 0 ? -1 : 1;
      if (quotient > INT64_MAX || quotient < INT64_MIN) return std::nullopt;
      model::Quantity rate;
      rate.value = {static_cast<int64_t>(quotient), scale};
      rate.unit = amount.unit + "/" + std::string(per.unit);
      return rate;
    }
    mantissa *= 10;
    ++scale;
  }
}

}  // namespace titrate::inbound
