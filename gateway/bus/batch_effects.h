// What the handled events of an embedded consumer's batch will commit, in one transaction with
// the consumer's offsets. Internal to gateway/bus.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/bus/buffered_context.h"
#include "gateway/bus/log_publisher.h"

namespace titrate::bus::detail {

struct BatchEffects {
  std::vector<Publication> publications;
  std::map<std::pair<std::string, std::string>, std::string> state;  // the last write wins
  std::vector<std::string> handled;

  // The effects of the handler call on `event_id`, after those of the batch's earlier events.
  void add(BufferedContext::Effects&& call, std::string event_id);
  // The batch's latest write of (space, key); nullopt when it wrote none.
  std::optional<std::string> state_of(std::string_view space, std::string_view key) const;
};

}  // namespace titrate::bus::detail
