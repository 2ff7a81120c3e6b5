#include "gateway/bus/buffered_context.h"

#include <iterator>

namespace titrate::bus::detail {

void BatchEffects::merge(BatchEffects&& later) {
  std::move(later.publications.begin(), later.publications.end(), std::back_inserter(publications));
  for (auto& [key, value] : later.state) state.insert_or_assign(key, std::move(value));
  std::move(later.handled.begin(), later.handled.end(), std::back_inserter(handled));
}

void BatchEffects::clear() {
  publications.clear();
  state.clear();
  handled.clear();
}

void BufferedContext::publish(std::string_view topic, Event event) {
  own_.publications.push_back(make_publication(topic, event));
}

std::optional<std::string> BufferedContext::get_state(std::string_view space,
                                                      std::string_view key) {
  const std::pair<std::string, std::string> id{space, key};
  if (auto it = own_.state.find(id); it != own_.state.end()) return it->second;
  if (auto it = batch_.state.find(id); it != batch_.state.end()) return it->second;
  return tables_.get_state(space, key);
}

void BufferedContext::put_state(std::string_view space, std::string_view key, std::string value) {
  own_.state.insert_or_assign({std::string(space), std::string(key)}, std::move(value));
}

}  // namespace titrate::bus::detail
