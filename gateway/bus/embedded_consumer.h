// One subscription of the embedded bus: reads its topics after its offsets, runs the handler,
// commits effects and offsets together. Runs on its own thread. Internal to gateway/bus.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "gateway/bus/batch_effects.h"
#include "gateway/bus/embedded_bus.h"
#include "gateway/bus/wakeup.h"
#include "gateway/store/bus_connection.h"

namespace titrate::bus::detail {

struct BusCounters {
  std::atomic<uint64_t> published{0}, consumed{0}, duplicates_skipped{0}, handler_failures{0},
      dead_lettered{0};
};

class EmbeddedConsumer {
 public:
  // Opens the consumer's connection and reads its offsets; throws JournalError.
  EmbeddedConsumer(const EmbeddedBusOptions& options, Subscription subscription, Wakeup& wakeup,
                   BusCounters& counters);
  // Until the wakeup is stopped; the batch in hand is finished and committed first.
  void run();

 private:
  // Everything one commit writes.
  struct Pending {
    BatchEffects effects;
    std::vector<store::BusDeadLetter> dead_letters;
    std::map<std::string, int64_t> next_seq;  // per topic
    std::unordered_set<std::string> handled;  // effects.handled, for lookups
  };

  void load_offsets();
  std::vector<store::BusLogRow> read_batch();
  void handle_batch(const std::vector<store::BusLogRow>& rows);
  struct Failure {
    std::string error;
    bool permanent = false;  // the handler threw PermanentError: no retry
  };
  // Runs the handler; on success its effects and event id join `pending`.
  std::optional<Failure> invoke(const Event& event);
  // Returns false when stopping interrupted the retries (the event stays unconsumed).
  bool retry(const store::BusLogRow& row, const Event& event, Failure failure);
  void dead_letter(const store::BusLogRow& row, std::string error, int attempts);
  void commit();

  EmbeddedBusOptions options_;
  Subscription subscription_;
  Wakeup& wakeup_;
  BusCounters& counters_;
  store::detail::BusConnection connection_;
  std::map<std::string, int64_t> committed_next_seq_;
  Pending pending_;
};

}  // namespace titrate::bus::detail
