// The journal writer's statements (internal to gateway/store), prepared once on the SQLite
// handle of a POCO session and re-executed per row: POCO 1.11 re-prepares a Statement on every
// execute(), which costs more than the insert itself. This is the SQLite-specific half of the
// journal; its SQL is portable. Used by one thread at a time.
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <memory>
#include <string_view>

#include "gateway/store/journal.h"

struct sqlite3;
struct sqlite3_stmt;

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

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const noexcept;
  };
  using StatementPtr = std::unique_ptr<sqlite3_stmt, Finalize>;

  StatementPtr prepare(const char* sql);
  // Steps once: true on a row, false when done; throws JournalError on an error.
  bool step(const StatementPtr& statement, const char* what);
  [[noreturn]] void fail(const char* what);

  Poco::Data::Session session_;  // keeps the connection open
  sqlite3* db_;
  StatementPtr begin_, commit_, rollback_, insert_, find_duplicate_, update_replay_;
};

}  // namespace titrate::store::detail
