// The embedded bus: a durable log in the store's SQLite database (table bus_log), one consumer
// thread per subscription, offsets in bus_offsets. A handler's publications and state writes,
// the ids it handled and the consumer's new offsets are committed in one transaction after each
// batch, so on this bus a handler's effects happen exactly once. See gateway/bus/bus.h.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "gateway/bus/bus.h"

namespace titrate::bus {

struct EmbeddedBusOptions {
  std::string path;     // the journal's database file (its directory must exist)
  bool durable = true;  // synchronous=FULL (false only for tests that say so)
  size_t batch = 256;   // most events a consumer handles per commit
  // How often an idle consumer looks for events written by another process. An in-process
  // publish, a consumer's commit and wake() wake consumers at once.
  std::chrono::milliseconds poll_interval{50};
  int max_attempts = 5;                           // handler runs before an event is dead-lettered
  std::chrono::milliseconds initial_backoff{50};  // doubles after each failed attempt
  std::chrono::milliseconds max_backoff{5000};
  int busy_timeout_ms = 10000;
};

class EmbeddedBus final : public Bus {
 public:
  // Opens (and creates the schema of) the database; throws BusError naming the path.
  explicit EmbeddedBus(EmbeddedBusOptions options);
  ~EmbeddedBus() override;  // stop()
  EmbeddedBus(const EmbeddedBus&) = delete;
  EmbeddedBus& operator=(const EmbeddedBus&) = delete;

  void publish(std::string_view topic, const Event& event) override;
  void subscribe(Subscription subscription) override;  // throws std::logic_error once started
  // Opens one connection per subscription and starts its thread; throws BusError.
  void start() override;
  void stop() override;
  BusStats stats() const override;

  // Look for new events now: for writers outside this object (the journal's commit listener).
  void wake();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace titrate::bus
