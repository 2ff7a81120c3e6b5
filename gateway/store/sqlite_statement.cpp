#include "gateway/store/sqlite_statement.h"

#include <sqlite3.h>

#include <climits>
#include <utility>

#include "gateway/store/journal.h"

namespace titrate::store::detail {

SqliteStatement::SqliteStatement(sqlite3* db, const char* sql) : db_(db), statement_(nullptr) {
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) !=
      SQLITE_OK) {
    fail("prepare");
  }
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(statement_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), statement_(std::exchange(other.statement_, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    db_ = other.db_;
    statement_ = std::exchange(other.statement_, nullptr);
  }
  return *this;
}

void SqliteStatement::bind(int index, int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
}

void SqliteStatement::bind_text(int index, std::string_view text) {
  if (text.size() > static_cast<size_t>(INT_MAX)) throw JournalError("value too large");
  sqlite3_bind_text(statement_, index, text.data() ? text.data() : "",
                    static_cast<int>(text.size()), SQLITE_STATIC);
}

void SqliteStatement::bind_blob(int index, std::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) throw JournalError("value too large");
  sqlite3_bind_blob(statement_, index, bytes.data() ? bytes.data() : "",
                    static_cast<int>(bytes.size()), SQLITE_STATIC);
}

bool SqliteStatement::step(const char* what) {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(what);
}

int SqliteStatement::changes() const {
  return sqlite3_changes(db_);
}

int64_t SqliteStatement::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int64_t SqliteStatement::column_int64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string SqliteStatement::column_text(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);
  const int size = sqlite3_column_bytes(statement_, column);
  return data ? std::string(static_cast<const char*>(data), static_cast<size_t>(size)) : "";
}

bool SqliteStatement::column_is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

void SqliteStatement::reset() noexcept {
  sqlite3_reset(statement_);
}

void SqliteStatement::fail(const char* what) const {
  // errmsg names the failure (e.g. "disk I/O error"), never a bound value.
  throw JournalError(std::string(what) + ": " + sqlite3_errmsg(db_));
}

void step_once(SqliteStatement& statement, const char* what) {
  ScopedReset reset(statement);
  statement.step(what);
}

void rollback_quietly(SqliteStatement& rollback) noexcept {
  ScopedReset reset(rollback);
  try {
    rollback.step("rollback");
  } catch (...) {  // fails harmlessly when SQLite has already rolled back
  }
}

}  // namespace titrate::store::detail
