#include "gateway/bus/batch_effects.h"

namespace titrate::bus::detail {

void BatchEffects::add(BufferedContext::Effects&& call, std::string event_id) {
  for (const auto& [topic, event] : call.publications) {
    publications.push_back(make_publication(topic, event));
  }
  for (store::StateWrite& write : call.writes) {
    state.insert_or_assign({std::move(write.space), std::move(write.key)}, std::move(write.value));
  }
  handled.push_back(std::move(event_id));
}

std::optional<std::string> BatchEffects::state_of(std::string_view space,
                                                  std::string_view key) const {
  auto it = state.find({std::string(space), std::string(key)});
  if (it == state.end()) return std::nullopt;
  return it->second;
}

}  // namespace titrate::bus::detail
