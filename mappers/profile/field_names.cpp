#include "mappers/profile/field_names.h"

#include <algorithm>
#include <array>

namespace titrate::profile {
namespace {

constexpr std::array<std::string_view, 13> kFieldNames = {
    "order.medication",
    "order.dose",
    "order.dose_unit",
    "order.dose_rate",
    "order.dose_rate_unit",
    "order.infusion_rate",
    "order.infusion_rate_unit",
    "order.duration",
    "order.route",
    "order.placer",
    "order.filler",
    "order.indication",
    "patient.weight",
};

}  // namespace

std::span<const std::string_view> known_field_names() {
  return kFieldNames;
}

bool is_known_field_name(std::string_view name) {
  return std::find(kFieldNames.begin(), kFieldNames.end(), name) != kFieldNames.end();
}

}  // namespace titrate::profile
