// Kafka mode: forwards the events that ingest wrote to the store's bus_log (the transactional
// outbox, see Journal) to another bus, in seq order. The cursor lives in bus_offsets under the
// group "outbox-relay", one row per topic, and advances only after the target's publish has
// returned (durable at the target): at-least-once, and consumers dedupe on event_id.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gateway/bus/bus.h"

namespace titrate::bus {

struct OutboxRelayOptions {
  std::string path;  // the journal's database file
  bool durable = true;
  std::vector<std::string> topics = Topics().all();
  std::string group = "outbox-relay";
  size_t batch = 256;
  std::chrono::milliseconds poll_interval{50};     // wake() forwards at once
  std::chrono::milliseconds initial_backoff{100};  // while the target fails; doubles
  std::chrono::milliseconds max_backoff{10000};
  int busy_timeout_ms = 10000;
};

struct OutboxRelayStats {
  uint64_t forwarded = 0, publish_failures = 0, undecodable = 0;
};

class OutboxRelay {
 public:
  // Opens the database; throws BusError. `target` must outlive the relay.
  OutboxRelay(OutboxRelayOptions options, Bus& target);
  ~OutboxRelay();  // stop()
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  void start();  // idempotent
  // Finishes the publish in flight, stores the cursor, joins the thread. Idempotent.
  void stop();
  void wake();  // new events were committed (the journal's commit listener)
  OutboxRelayStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace titrate::bus
