// The journal writer's statements (internal to gateway/store), prepared once on the SQLite
// handle of a POCO session and re-executed per row (see sqlite_statement.h). This is the
// SQLite-specific half of the journal; its SQL is portable. Used by one thread at a time.
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "gateway/store/bus_tables.h"
#include "gateway/store/journal.h"
#include "gateway/store/sqlite_statement.h"

namespace titrate::store::detail {

class JournalWriter {
 public:
  explicit JournalWriter(Poco::Data::Session& session);

  void begin();
  void commit();
  void rollback() noexcept;
  // Inserts the entry, or finds the entry it duplicates. Inside a transaction.
  AppendResult insert(const JournalEntry& entry, int64_t now_us);
  // Returns false when there is no entry with that id. Inside a transaction.
  bool update_replay(int64_t id, JournalState state, std::string_view error, int64_t now_us);
  // Completes the events' ids and journal id, and appends them to bus_log. Inside a transaction.
  void append_events(int64_t journal_id, std::vector<PendingEvent>& events, int64_t now_us);

 private:
  Poco::Data::Session session_;  // keeps the connection open
  SqliteStatement insert_, find_duplicate_, update_replay_;
  BusTables bus_;  // begin/commit/rollback too
};

}  // namespace titrate::store::detail
