#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/bus/event.h"

namespace titrate::bus {

// An event a handler publishes because of `cause`: it keeps the cause's key (the patient's
// events stay in order) and source (the journal entry it came from), stamped with `now_us`.
Event derived_event(const Event& cause, std::string_view type, std::string event_id,
                    std::string body, int64_t now_us);

}  // namespace titrate::bus
