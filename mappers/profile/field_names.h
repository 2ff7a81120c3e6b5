#pragma once

#include <span>
#include <string_view>

#include "gateway/model/infusion_order.h"

namespace titrate::profile {

// The model field names a profile may relocate ("fields") or require ("required"):
// order.medication, order.dose, order.dose_unit, order.dose_rate, order.dose_rate_unit,
// order.infusion_rate, order.infusion_rate_unit, order.duration, order.route, order.placer,
// order.filler, order.indication, order.device, patient.weight.
std::span<const std::string_view> known_field_names();
bool is_known_field_name(std::string_view name);

// Whether an order has the "order.*" field a profile requires; true for other names.
bool order_field_is_set(const model::InfusionOrder& order, std::string_view name);

}  // namespace titrate::profile
