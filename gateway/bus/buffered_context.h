// The HandlerContext of the embedded bus: a handler's publications and state writes are kept in
// memory and written by the consumer together with its offsets, in one transaction, after the
// batch. Internal to gateway/bus.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/bus/bus.h"
#include "gateway/bus/log_publisher.h"
#include "gateway/store/bus_tables.h"

namespace titrate::bus::detail {

// What handled events will commit: publications, state writes (last write wins), handled ids.
struct BatchEffects {
  std::vector<Publication> publications;
  std::map<std::pair<std::string, std::string>, std::string> state;
  std::vector<std::string> handled;

  void merge(BatchEffects&& later);
  void clear();
};

class BufferedContext final : public HandlerContext {
 public:
  // `batch`: the effects of earlier events of the batch, not yet committed.
  BufferedContext(const BatchEffects& batch, store::detail::BusTables& tables)
      : batch_(batch), tables_(tables) {}

  void publish(std::string_view topic, Event event) override;
  std::optional<std::string> get_state(std::string_view space, std::string_view key) override;
  void put_state(std::string_view space, std::string_view key, std::string value) override;

  BatchEffects take() { return std::move(own_); }

 private:
  const BatchEffects& batch_;
  store::detail::BusTables& tables_;
  BatchEffects own_;
};

}  // namespace titrate::bus::detail
