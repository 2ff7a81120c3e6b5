#include "gateway/store/journal_writer.h"

#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/store/journal_db.h"

namespace titrate::store::detail {
namespace {

// The one dialect-specific DML statement: insert unless (sender, control_id) is taken. Works
// as written on SQLite >= 3.24 and PostgreSQL >= 9.5 (ON CONFLICT on a partial index). The new
// id comes from sqlite3_last_insert_rowid(); PostgreSQL would add "RETURNING id" (on SQLite
// that costs a quarter of the insert).
constexpr const char* kInsertUnlessDuplicate =
    "INSERT INTO journal (received_at_us, updated_at_us, channel, sender, control_id,"
    " message_type, raw, state, error, ack, truncated, replay_count)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
    " ON CONFLICT (sender, control_id) WHERE control_id <> '' DO NOTHING";

// Resets a statement on scope exit, so none is left active at COMMIT. SQLITE_STATIC bindings
// point into the caller's strings, which outlive the step.
struct Reset {
  sqlite3_stmt* statement;
  ~Reset() { sqlite3_reset(statement); }
};

void bind(sqlite3_stmt* statement, int index, int64_t value) {
  sqlite3_bind_int64(statement, index, value);
}

// A null pointer would bind NULL; every text column is NOT NULL, so bind "" instead.
void bind_text(sqlite3_stmt* statement, int index, std::string_view text) {
  if (text.size() > static_cast<size_t>(INT32_MAX)) throw JournalError("value too large");
  sqlite3_bind_text(statement, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                    SQLITE_STATIC);
}

// A zero-length BLOB with a non-null pointer binds as X'', not NULL.
void bind_blob(sqlite3_stmt* statement, int index, const std::string& bytes) {
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) throw JournalError("value too large");
  sqlite3_bind_blob(statement, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
}

std::string column_bytes(sqlite3_stmt* statement, int column) {
  const void* data = sqlite3_column_blob(statement, column);
  const int size = sqlite3_column_bytes(statement, column);
  return data ? std::string(static_cast<const char*>(data), static_cast<size_t>(size)) : "";
}

}  // namespace

JournalWriter::JournalWriter(Poco::Data::Session& session)
    : session_(session),
      db_(Poco::Data::SQLite::Utility::dbHandle(session_)),
      begin_(prepare(kBeginWrite)),
      commit_(prepare("COMMIT")),
      rollback_(prepare("ROLLBACK")),
      insert_(prepare(kInsertUnlessDuplicate)),
      find_duplicate_(prepare("SELECT id, ack FROM journal WHERE sender = ? AND control_id = ?")),
      update_replay_(
          prepare("UPDATE journal SET state = ?, error = ?, replay_count = replay_count + 1,"
                  " updated_at_us = ? WHERE id = ?")) {}

void JournalWriter::Finalize::operator()(sqlite3_stmt* statement) const noexcept {
  sqlite3_finalize(statement);
}

JournalWriter::StatementPtr JournalWriter::prepare(const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
      SQLITE_OK) {
    fail("prepare");
  }
  return StatementPtr(statement);
}

bool JournalWriter::step(const StatementPtr& statement, const char* what) {
  const int rc = sqlite3_step(statement.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(what);
}

void JournalWriter::fail(const char* what) {
  // errmsg names the failure (e.g. "disk I/O error"), never a bound value.
  throw JournalError(std::string(what) + ": " + sqlite3_errmsg(db_));
}

void JournalWriter::begin() {
  Reset reset{begin_.get()};
  step(begin_, "begin");
}

void JournalWriter::commit() {
  Reset reset{commit_.get()};
  step(commit_, "commit");
}

void JournalWriter::rollback() noexcept {
  Reset reset{rollback_.get()};
  sqlite3_step(rollback_.get());  // fails harmlessly when SQLite has already rolled back
}

AppendResult JournalWriter::insert(const JournalEntry& entry, int64_t now) {
  {
    Reset reset{insert_.get()};
    bind(insert_.get(), 1, entry.received_at_us != 0 ? entry.received_at_us : now);
    bind(insert_.get(), 2, now);
    bind_text(insert_.get(), 3, entry.channel);
    bind_text(insert_.get(), 4, entry.sender);
    bind_text(insert_.get(), 5, entry.control_id);
    bind_text(insert_.get(), 6, entry.message_type);
    bind_blob(insert_.get(), 7, entry.raw);
    bind_text(insert_.get(), 8, to_string(entry.state));
    bind_text(insert_.get(), 9, entry.error);
    bind_blob(insert_.get(), 10, entry.ack);
    bind(insert_.get(), 11, entry.truncated ? 1 : 0);
    step(insert_, "insert");
    if (sqlite3_changes(db_) == 1) {
      return AppendResult{sqlite3_last_insert_rowid(db_), false, entry.ack};
    }
  }
  Reset reset{find_duplicate_.get()};
  bind_text(find_duplicate_.get(), 1, entry.sender);
  bind_text(find_duplicate_.get(), 2, entry.control_id);
  if (!step(find_duplicate_, "find duplicate")) {
    throw JournalError("insert ignored but no entry holds its (sender, control_id)");
  }
  return AppendResult{sqlite3_column_int64(find_duplicate_.get(), 0), true,
                      column_bytes(find_duplicate_.get(), 1)};
}

bool JournalWriter::update_replay(int64_t id, JournalState state, std::string_view error,
                                  int64_t now) {
  Reset reset{update_replay_.get()};
  bind_text(update_replay_.get(), 1, to_string(state));
  bind_text(update_replay_.get(), 2, error);
  bind(update_replay_.get(), 3, now);
  bind(update_replay_.get(), 4, id);
  step(update_replay_, "update replay");
  return sqlite3_changes(db_) == 1;
}

}  // namespace titrate::store::detail
