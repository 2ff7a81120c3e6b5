// A prepared SQLite statement on a connection opened through POCO (internal to gateway/store).
// POCO 1.11 re-prepares a Statement on every execute(), which costs more than a small insert;
// the journal writer and the bus prepare once and re-execute. Used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace titrate::store::detail {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, const char* sql);  // throws JournalError
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&&) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) noexcept;

  // Bindings are 1-based. Text and BLOBs are not copied: they must outlive the next step().
  // An empty value binds '' / X'' (never NULL).
  void bind(int index, int64_t value);
  void bind_text(int index, std::string_view text);
  void bind_blob(int index, std::string_view bytes);

  // Steps once: true on a row, false when done; throws JournalError naming `what` on an error.
  bool step(const char* what);
  // Rows changed by the last step of an INSERT/UPDATE/DELETE.
  int changes() const;
  int64_t last_insert_rowid() const;
  int64_t column_int64(int column) const;
  std::string column_text(int column) const;  // TEXT or BLOB bytes; NULL reads as ""
  bool column_is_null(int column) const;
  // Ends the execution so that the statement is not left active at COMMIT.
  void reset() noexcept;

  [[noreturn]] void fail(const char* what) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
};

// Steps a statement that returns no rows (BEGIN, COMMIT) and resets it.
void step_once(SqliteStatement& statement, const char* what);
// Steps a ROLLBACK statement, ignoring the error SQLite gives when it has already rolled back.
void rollback_quietly(SqliteStatement& rollback) noexcept;

// Resets a statement on scope exit.
class ScopedReset {
 public:
  explicit ScopedReset(SqliteStatement& statement) : statement_(statement) {}
  ~ScopedReset() { statement_.reset(); }
  ScopedReset(const ScopedReset&) = delete;
  ScopedReset& operator=(const ScopedReset&) = delete;

 private:
  SqliteStatement& statement_;
};

}  // namespace titrate::store::detail
