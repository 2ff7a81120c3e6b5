#pragma once

#include <cstdint>
#include <optional>

#include "gateway/model/values.h"

namespace titrate::pump_control {

// Microseconds since the Unix epoch of a model DateTime ("2026-11-21T08:30:00.250-05:00",
// "2026-11-21T08:30Z", or a date alone = its UTC midnight); nullopt when it does not parse.
// Pump events are ordered by this, whatever offsets their senders use.
std::optional<int64_t> to_epoch_us(const model::DateTime& time);

}  // namespace titrate::pump_control
