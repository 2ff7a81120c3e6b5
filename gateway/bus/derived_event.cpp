#include "gateway/bus/derived_event.h"

#include <utility>

#include "gateway/clock/utc_time.h"

namespace titrate::bus {

Event derived_event(const Event& cause, std::string_view type, std::string event_id,
                    std::string body, int64_t now_us) {
  Event e;
  e.type = std::string(type);
  e.event_id = std::move(event_id);
  e.key = cause.key;
  e.source = cause.source;
  e.time.value = clock::iso8601_utc(now_us);
  e.body = std::move(body);
  return e;
}

}  // namespace titrate::bus
