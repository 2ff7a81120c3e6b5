#include "gateway/store/postgres_connection.h"

#include <libpq-fe.h>

#include <charconv>

namespace titrate::store::detail {
namespace {

std::string trimmed(const char* message) {
  std::string out = message ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out.empty() ? "unknown error" : out;
}

}  // namespace

PgError::PgError(const std::string& message, std::string sqlstate, bool connection_lost)
    : JournalError(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}

bool PgError::lost_race() const {
  return sqlstate_ == "40001" || sqlstate_ == "40P01" || sqlstate_ == "23505";
}

void PgParams::add(const char* value, int length, int format, unsigned type) {
  values_.push_back(value);
  lengths_.push_back(length);
  formats_.push_back(format);
  types_.push_back(type);
}

PgParams& PgParams::text(std::string_view value) {
  // libpq sends a null pointer as SQL NULL; an empty value is ''.
  add(value.data() ? value.data() : "", static_cast<int>(value.size()), 1, kPgText);
  return *this;
}

PgParams& PgParams::int64(int64_t value) {
  std::string bytes(8, '\0');
  auto bits = static_cast<uint64_t>(value);
  for (int i = 7; i >= 0; --i, bits >>= 8) bytes[i] = static_cast<char>(bits & 0xFF);
  const std::string& stored = owned_.emplace_back(std::move(bytes));
  add(stored.data(), 8, 1, kPgInt8);
  return *this;
}

PgParams& PgParams::text_literal(std::string value, unsigned type_oid) {
  const std::string& stored = owned_.emplace_back(std::move(value));
  add(stored.c_str(), 0, 0, type_oid);
  return *this;
}

PgResult::~PgResult() {
  if (result_) PQclear(result_);
}

int PgResult::rows() const {
  return PQntuples(result_);
}

bool PgResult::is_null(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}

std::string_view PgResult::text(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<size_t>(PQgetlength(result_, row, column))};
}

int64_t PgResult::int64(int row, int column) const {
  const std::string_view s = text(row, column);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) {
    throw PgError("not an integer in column " + std::to_string(column), "", false);
  }
  return value;
}

PgConnection::PgConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
  if (conn_ == nullptr) throw PgError("cannot connect: out of memory", "", true);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = "cannot connect: " + trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    throw PgError(message, "", true);
  }
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  if (PQsetClientEncoding(conn_, "UTF8") != 0) {
    const std::string message =
        "cannot set client_encoding UTF8: " + trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    throw PgError(message, "", false);
  }
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

PgResult PgConnection::check(PGresult* result, const char* what) const {
  PgResult owned(result);
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return owned;
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // The primary message only: DETAIL and CONTEXT may quote the row's values.
  const char* message = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (message == nullptr || *message == '\0') message = PQerrorMessage(conn_);
  throw PgError(std::string(what) + ": " + trimmed(message), sqlstate ? sqlstate : "", broken());
}

void PgConnection::prepare(const char* name, const char* sql, const std::vector<unsigned>& types) {
  check(PQprepare(conn_, name, sql, static_cast<int>(types.size()), types.data()), name);
}

PgResult PgConnection::exec(const char* sql) {
  return check(PQexec(conn_, sql), sql);
}

PgResult PgConnection::exec_prepared(const char* name, const PgParams& params) {
  return check(PQexecPrepared(conn_, name, params.size(), params.values(), params.lengths(),
                              params.formats(), 0),
               name);
}

PgResult PgConnection::exec_params(const std::string& sql, const PgParams& params,
                                   const char* what) {
  return check(PQexecParams(conn_, sql.c_str(), params.size(), params.types(), params.values(),
                            params.lengths(), params.formats(), 0),
               what);
}

bool PgConnection::broken() const {
  return PQstatus(conn_) != CONNECTION_OK;
}

bool PgConnection::reusable() const {
  return !broken() && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

std::string redact_postgres_url(std::string_view url) {
  std::string out(url);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t at = out.find('@', start);
    const size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // A password in the query (?password=...) or a key=value string (password=...).
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const size_t value = p + 9;
    const size_t end = out.find_first_of(" &", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

}  // namespace titrate::store::detail
