#include "mappers/profile/field_names.h"

#include <algorithm>
#include <array>

namespace titrate::profile {
namespace {

constexpr std::array<std::string_view, 14> kFieldNames = {
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
    "order.device",
    "patient.weight",
};

}  // namespace

std::span<const std::string_view> known_field_names() {
  return kFieldNames;
}

bool is_known_field_name(std::string_view name) {
  return std::find(kFieldNames.begin(), kFieldNames.end(), name) != kFieldNames.end();
}

bool order_field_is_set(const model::InfusionOrder& o, std::string_view name) {
  if (name == "order.medication") return !o.medication.empty();
  if (name == "order.dose" || name == "order.dose_unit") return o.dose.has_value();
  if (name == "order.dose_rate" || name == "order.dose_rate_unit") return o.dose_rate.has_value();
  if (name == "order.infusion_rate" || name == "order.infusion_rate_unit") {
    return o.infusion_rate.has_value();
  }
  if (name == "order.duration") return o.timing.duration.has_value();
  if (name == "order.route") return !o.route.empty();
  if (name == "order.placer") return !o.placer.empty();
  if (name == "order.filler") return !o.filler.empty();
  if (name == "order.indication") return !o.indications.empty();
  if (name == "order.device") return !o.device.empty();
  return true;
}

}  // namespace titrate::profile
