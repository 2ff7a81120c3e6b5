#pragma once

#include <atomic>
#include <cstdint>

#include "gateway/bus/bus.h"

namespace titrate::kafka {

// published: events durably published (publish() and handler publications, not dead letters);
// consumed: events whose handler returned and whose effects were committed;
// duplicates_skipped: records whose event_id the group had already handled;
// handler_failures: failed attempts (the handler threw, or its publications or state commit
// failed); dead_lettered: records sent to the dead-letter topic (undecodable or exhausted).
struct BusCounters {
  std::atomic<uint64_t> published{0}, consumed{0}, duplicates_skipped{0}, handler_failures{0},
      dead_lettered{0};

  bus::BusStats snapshot() const {
    return {published.load(), consumed.load(), duplicates_skipped.load(), handler_failures.load(),
            dead_lettered.load()};
  }
};

}  // namespace titrate::kafka
