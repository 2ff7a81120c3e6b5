// One connection to the store's database with the bus's statements prepared on it (internal to
// gateway/store and gateway/bus). Opened like the journal's (WAL, busy timeout, synchronous FULL
// when durable; a writable open creates the whole schema), so the journal, the embedded bus and
// module state can share the file. Used by one thread at a time.
#pragma once

#include <Poco/Data/Session.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "gateway/store/bus_tables.h"
#include "gateway/store/journal.h"

namespace titrate::store::detail {

struct BusConnectionOptions {
  std::string path;
  bool durable = true;
  bool read_only = false;
  int busy_timeout_ms = 10000;
  bool defer_sync = false;  // see JournalOptions::defer_sync
};

class BusConnection {
 public:
  explicit BusConnection(const BusConnectionOptions& options);  // throws JournalError
  BusTables& tables() { return *tables_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  Poco::Data::Session session_;
  std::unique_ptr<BusTables> tables_;
};

// A BusConnection that callers on any thread share: one call at a time, and a JournalError
// names what failed (`what`: "module state", "bus log") and the file.
class LockedBusConnection {
 public:
  LockedBusConnection(std::string what, const BusConnectionOptions& options)
      : what_(std::move(what)), connection_(options) {}

  template <typename Fn>
  auto with_tables(Fn&& fn) {
    std::lock_guard lock(mutex_);
    try {
      return fn(connection_.tables());
    } catch (const JournalError& e) {
      throw JournalError(what_ + " " + connection_.path() + ": " + e.what());
    }
  }

 private:
  std::string what_;
  std::mutex mutex_;
  BusConnection connection_;
};

}  // namespace titrate::store::detail
