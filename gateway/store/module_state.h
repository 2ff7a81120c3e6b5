// Module state for bus consumers that are not the embedded bus (the Kafka consumers): one JSON
// document per (space, key), and the event ids each consumer group has handled. Lives in the
// store's database (tables module_state and bus_handled, shared with the embedded bus).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace titrate::store {

struct StateWrite {
  std::string space, key, value;
};

struct ModuleStateOptions {
  std::string path;  // SQLite database file (the journal's)
  bool durable = true;
  int busy_timeout_ms = 10000;
};

class ModuleState {
 public:
  explicit ModuleState(const ModuleStateOptions& options);  // throws JournalError
  ~ModuleState();
  ModuleState(const ModuleState&) = delete;
  ModuleState& operator=(const ModuleState&) = delete;

  std::optional<std::string> get(std::string_view space, std::string_view key) const;
  bool handled(std::string_view group, std::string_view event_id) const;
  // Atomically and durably: the writes, and `event_id` recorded as handled by `group`.
  void commit(std::string_view group, std::string_view event_id,
              const std::vector<StateWrite>& writes);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace titrate::store
