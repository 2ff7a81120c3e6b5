#include "gateway/bus/buffered_context.h"

namespace titrate::bus {

void BufferedContext::publish(std::string_view topic, Event event) {
  effects_.publications.emplace_back(std::string(topic), std::move(event));
}

std::optional<std::string> BufferedContext::get_state(std::string_view space,
                                                      std::string_view key) {
  if (const store::StateWrite* write = find_write(space, key)) return write->value;
  return backing_(space, key);
}

void BufferedContext::put_state(std::string_view space, std::string_view key, std::string value) {
  if (store::StateWrite* write = find_write(space, key)) {
    write->value = std::move(value);
    return;
  }
  effects_.writes.push_back({std::string(space), std::string(key), std::move(value)});
}

store::StateWrite* BufferedContext::find_write(std::string_view space, std::string_view key) {
  for (store::StateWrite& write : effects_.writes) {
    if (write.space == space && write.key == key) return &write;
  }
  return nullptr;
}

}  // namespace titrate::bus
