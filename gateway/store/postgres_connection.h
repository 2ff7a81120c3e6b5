// A PostgreSQL connection through libpq (internal to gateway/store): statements prepared once
// per connection, parameters bound (never spliced into SQL), results read as text, errors with
// their SQLSTATE so that callers can retry the transient ones.
//
// libpq rather than POCO Data's PostgreSQL connector: POCO 1.11 prepares a statement again on
// every execute() (as with SQLite, see sqlite_statement.h) and does not expose the SQLSTATE,
// which the store needs to retry a transaction that lost a race.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/store/journal.h"

struct pg_conn;
struct pg_result;

namespace titrate::store::detail {

// A database failure; sqlstate() is empty when the server sent none (e.g. connection lost).
class PgError : public JournalError {
 public:
  PgError(const std::string& message, std::string sqlstate, bool connection_lost);
  const std::string& sqlstate() const { return sqlstate_; }
  bool connection_lost() const { return connection_lost_; }
  // A serialization failure, deadlock or unique violation: the transaction lost a race with
  // another writer and may run again.
  bool lost_race() const;

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

// Parameters, sent in binary (no text conversion and no NUL terminator needed), except
// text_literal which sends the text form of any type (e.g. an array "{a,b}").
class PgParams {
 public:
  // Not copied: must outlive the execution.
  PgParams& text(std::string_view value);
  PgParams& int64(int64_t value);
  // Copied; `type_oid` is the parameter's type (e.g. 1009 text[]).
  PgParams& text_literal(std::string value, unsigned type_oid);

  int size() const { return static_cast<int>(values_.size()); }
  const unsigned* types() const { return types_.data(); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  void add(const char* value, int length, int format, unsigned type);

  std::vector<unsigned> types_;
  std::vector<const char*> values_;
  std::vector<int> lengths_, formats_;
  std::deque<std::string> owned_;  // int64s in network order and text literals; stable
};

inline constexpr unsigned kPgText = 25, kPgInt8 = 20, kPgTextArray = 1009, kPgInt8Array = 1016;

class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  ~PgResult();
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&&) = delete;
  PgResult(const PgResult&) = delete;

  int rows() const;
  bool is_null(int row, int column) const;
  std::string_view text(int row, int column) const;  // NULL reads as ""
  int64_t int64(int row, int column) const;          // throws PgError when not an integer

 private:
  pg_result* result_;
};

class PgConnection {
 public:
  // Connects (a libpq URL or key=value string) with client_encoding UTF8; the server's notices
  // (e.g. "relation already exists, skipping") are dropped. Throws PgError.
  explicit PgConnection(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Prepares `sql` ($1, $2, ... placeholders) under `name`; types as PgParams will send them.
  void prepare(const char* name, const char* sql, const std::vector<unsigned>& types);
  PgResult exec(const char* sql);  // a statement without parameters (BEGIN, DDL, ...)
  PgResult exec_prepared(const char* name, const PgParams& params);
  // A statement parsed and planned for these values (unnamed: nothing kept).
  PgResult exec_params(const std::string& sql, const PgParams& params,
                       const char* what = "statement");

  // The connection is unusable (lost).
  bool broken() const;
  // Connected and outside a transaction: the pool keeps it, else drops it.
  bool reusable() const;

 private:
  PgResult check(pg_result* result, const char* what) const;

  pg_conn* conn_;
};

// `url` with its password (if any) replaced by "***", for messages.
std::string redact_postgres_url(std::string_view url);

}  // namespace titrate::store::detail
