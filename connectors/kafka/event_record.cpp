#include "connectors/kafka/event_record.h"

namespace titrate::kafka {

OutgoingRecord event_record(std::string_view topic, const bus::Event& event) {
  return {std::string(topic),
          event.key,
          bus::encode_event(event),
          {{std::string(kTypeHeader), event.type}, {std::string(kEventIdHeader), event.event_id}}};
}

}  // namespace titrate::kafka
