#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/bus/bus.h"
#include "gateway/store/module_state.h"

namespace titrate::bus {

// Reads a committed (or about to be committed) state document; nullopt when there is none.
using StateReader =
    std::function<std::optional<std::string>(std::string_view space, std::string_view key)>;

// The HandlerContext of one handler call, for a bus that commits a call's effects after the
// handler returns: publications and state writes are kept here (a handler that throws leaves
// nothing behind), and reads see this call's writes first, then `backing` (the embedded bus:
// the batch's earlier effects, then its tables; Kafka: the module state).
class BufferedContext final : public HandlerContext {
 public:
  struct Effects {
    std::vector<std::pair<std::string, Event>> publications;  // topic, event; in publish order
    std::vector<store::StateWrite> writes;  // one per (space, key): the last value written
  };

  explicit BufferedContext(StateReader backing) : backing_(std::move(backing)) {}

  void publish(std::string_view topic, Event event) override;
  std::optional<std::string> get_state(std::string_view space, std::string_view key) override;
  void put_state(std::string_view space, std::string_view key, std::string value) override;

  const Effects& effects() const { return effects_; }
  Effects take() { return std::move(effects_); }

 private:
  // A handler call writes a handful of documents: a scan beats a map.
  store::StateWrite* find_write(std::string_view space, std::string_view key);

  StateReader backing_;
  Effects effects_;
};

}  // namespace titrate::bus
