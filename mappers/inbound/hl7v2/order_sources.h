#pragma once

#include <string_view>
#include <utility>

#include "mappers/hl7v2/diagnostic.h"

namespace titrate::inbound {

// Where each relocatable order field was read, or would have been read when it is empty: the
// location a "required" issue names.
struct OrderSources {
  hl7v2::Location medication, dose, dose_unit, dose_rate, dose_rate_unit, infusion_rate,
      infusion_rate_unit, duration, route, placer, filler, indication;

  // By profile field name ("order.dose"); nullptr for a name that is not an order field.
  const hl7v2::Location* find(std::string_view name) const {
    const std::pair<std::string_view, const hl7v2::Location*> fields[] = {
        {"order.medication", &medication},
        {"order.dose", &dose},
        {"order.dose_unit", &dose_unit},
        {"order.dose_rate", &dose_rate},
        {"order.dose_rate_unit", &dose_rate_unit},
        {"order.infusion_rate", &infusion_rate},
        {"order.infusion_rate_unit", &infusion_rate_unit},
        {"order.duration", &duration},
        {"order.route", &route},
        {"order.placer", &placer},
        {"order.filler", &filler},
        {"order.indication", &indication},
    };
    for (const auto& [field, location] : fields) {
      if (field == name) return location;
    }
    return nullptr;
  }
};

}  // namespace titrate::inbound
