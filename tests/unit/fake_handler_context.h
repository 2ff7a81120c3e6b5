#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/bus/bus.h"

namespace titrate::test {

// The bus's HandlerContext in memory, for module tests: publications are kept in order and state
// writes are visible to later reads at once.
class FakeHandlerContext : public bus::HandlerContext {
 public:
  struct Published {
    std::string topic;
    bus::Event event;
  };

  void publish(std::string_view topic, bus::Event event) override {
    published.push_back({std::string(topic), std::move(event)});
  }
  std::optional<std::string> get_state(std::string_view space, std::string_view key) override {
    auto it = state.find({std::string(space), std::string(key)});
    if (it == state.end()) return std::nullopt;
    return it->second;
  }
  void put_state(std::string_view space, std::string_view key, std::string value) override {
    state[{std::string(space), std::string(key)}] = std::move(value);
  }

  // The published events of one type, in order.
  std::vector<const bus::Event*> of_type(std::string_view type) const {
    std::vector<const bus::Event*> out;
    for (const Published& p : published) {
      if (p.event.type == type) out.push_back(&p.event);
    }
    return out;
  }

  std::vector<Published> published;
  std::map<std::pair<std::string, std::string>, std::string> state;
};

}  // namespace titrate::test
