#include "gateway/store/resource_store_postgres.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <optional>
#include <random>
#include <thread>

#include "gateway/clock/utc_time.h"
#include "gateway/store/postgres_connection.h"
#include "gateway/store/postgres_pool.h"
#include "gateway/store/resource_schema_postgres.h"
#include "gateway/store/sql_int.h"

namespace titrate::store::detail {
namespace {

constexpr int kRaceAttempts = 20;       // a transaction that lost a race to another writer
constexpr int kConnectionAttempts = 2;  // a call whose connection was lost

// The statements every connection prepares: name, SQL, parameter types.
struct Prepared {
  const char* name;
  const char* sql;
  std::vector<unsigned> types;
};

constexpr const char* kSelectCurrent = "titrate_select_current";
constexpr const char* kLockCurrent = "titrate_lock_current";
constexpr const char* kInsertCurrent = "titrate_insert_current";
constexpr const char* kUpdateCurrent = "titrate_update_current";
constexpr const char* kInsertHistory = "titrate_insert_history";
constexpr const char* kDeleteIndex = "titrate_delete_index";
constexpr const char* kInsertIndex = "titrate_insert_index";
constexpr const char* kSelectVersion = "titrate_select_version";
constexpr const char* kSelectHistory = "titrate_select_history";

const std::vector<Prepared>& prepared_statements() {
  static const std::vector<Prepared> statements = {
      {kSelectCurrent,
       "SELECT type, id, version, last_updated_us, deleted, json FROM resources"
       " WHERE type = $1 AND id = $2",
       {kPgText, kPgText}},
      {kLockCurrent,
       "SELECT type, id, version, last_updated_us, deleted, json FROM resources"
       " WHERE type = $1 AND id = $2 FOR UPDATE",
       {kPgText, kPgText}},
      {kInsertCurrent,
       "INSERT INTO resources (type, id, version, last_updated_us, deleted, json)"
       " VALUES ($1, $2, $3, $4, $5, $6)",
       {kPgText, kPgText, kPgInt8, kPgInt8, kPgInt8, kPgText}},
      {kUpdateCurrent,
       "UPDATE resources SET version = $3, last_updated_us = $4, deleted = $5, json = $6"
       " WHERE type = $1 AND id = $2",
       {kPgText, kPgText, kPgInt8, kPgInt8, kPgInt8, kPgText}},
      {kInsertHistory,
       "INSERT INTO resource_history (type, id, version, last_updated_us, deleted, json)"
       " VALUES ($1, $2, $3, $4, $5, $6)",
       {kPgText, kPgText, kPgInt8, kPgInt8, kPgInt8, kPgText}},
      {kDeleteIndex,
       "DELETE FROM resource_search_index WHERE type = $1 AND id = $2",
       {kPgText, kPgText}},
      // The whole index of a resource in one statement: one array per column.
      {kInsertIndex,
       "INSERT INTO resource_search_index"
       " (type, id, param, kind, system, value, low_us, high_us)"
       " SELECT $1, $2, e.param, e.kind, e.system, e.value, e.low_us, e.high_us"
       " FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])"
       " AS e (param, kind, system, value, low_us, high_us)",
       {kPgText, kPgText, kPgTextArray, kPgTextArray, kPgTextArray, kPgTextArray, kPgInt8Array,
        kPgInt8Array}},
      {kSelectVersion,
       "SELECT type, id, version, last_updated_us, deleted, json FROM resource_history"
       " WHERE type = $1 AND id = $2 AND version = $3",
       {kPgText, kPgText, kPgInt8}},
      {kSelectHistory,
       "SELECT type, id, version, last_updated_us, deleted, json FROM resource_history"
       " WHERE type = $1 AND id = $2 ORDER BY version DESC",
       {kPgText, kPgText}},
  };
  return statements;
}

void prepare_statements(PgConnection& connection) {
  for (const Prepared& p : prepared_statements()) connection.prepare(p.name, p.sql, p.types);
}

// Columns type, id, version, last_updated_us, deleted from `first`, json after them.
StoredResource read_row(const PgResult& result, int row, int first, bool with_json) {
  StoredResource r;
  r.type = result.text(row, first);
  r.id = result.text(row, first + 1);
  r.version = result.int64(row, first + 2);
  r.last_updated_us = result.int64(row, first + 3);
  r.deleted = result.int64(row, first + 4) != 0;
  if (with_json) r.json = result.text(row, first + 5);
  return r;
}

std::optional<StoredResource> one_row(const PgResult& result) {
  if (result.rows() == 0) return std::nullopt;
  return read_row(result, 0, 0, true);
}

// The text form of an array parameter: {"a","b \"c\""} or {1,NULL}.
class ArrayLiteral {
 public:
  void add(std::string_view text) {
    separate();
    literal_ += '"';
    for (char c : text) {
      if (c == '"' || c == '\\') literal_ += '\\';
      literal_ += c;
    }
    literal_ += '"';
  }
  void add(std::optional<int64_t> number) {
    separate();
    literal_ += number ? std::to_string(*number) : "NULL";
  }
  std::string take() {
    if (literal_.empty()) literal_ += '{';
    literal_ += '}';
    return std::move(literal_);
  }

 private:
  void separate() { literal_ += literal_.empty() ? '{' : ','; }

  std::string literal_;
};

// '?' placeholders numbered $1, $2, ...; the search SQL has no other '?'.
std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

void pause_before_retry(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int limit_us = std::min(attempt, 10) * 2000;
  std::this_thread::sleep_for(
      std::chrono::microseconds(std::uniform_int_distribution<int>(0, limit_us)(random)));
}

}  // namespace

PostgresSearch postgres_search(std::string_view type, const std::vector<SearchParam>& params,
                               const SearchOptions& options) {
  const SearchWhere where = build_search_where(type, params, SqlDialect::kPostgres);
  // The same $n appear in both copies of the WHERE clause, so its values bind once.
  const std::string condition = numbered_placeholders(where.sql);
  const size_t next = where.values.size() + 1;
  const std::string order_by(search_order_by(options.sort));
  PostgresSearch search;
  // The page is aliased r as well, so that the outer ORDER BY is the inner one.
  search.sql = "SELECT t.total, r.type, r.id, r.version, r.last_updated_us, r.deleted";
  search.sql += options.include_json ? ", r.json" : "";
  search.sql += " FROM (SELECT COUNT(*) AS total FROM resources r" + condition + ") t";
  search.sql += " LEFT JOIN (SELECT r.type, r.id, r.version, r.last_updated_us, r.deleted";
  search.sql += options.include_json ? ", r.json" : "";
  search.sql += " FROM resources r" + condition + order_by;
  search.sql += " LIMIT $" + std::to_string(next) + " OFFSET $" + std::to_string(next + 1);
  search.sql += ") r ON TRUE" + order_by;
  search.values = where.values;
  search.values.push_back({false, as_sql_int(options.count), {}});
  search.values.push_back({false, as_sql_int(options.offset), {}});
  return search;
}

class PostgresResourceBackend::Impl {
 public:
  explicit Impl(const ResourceStoreOptions& options)
      : name_(redact_postgres_url(options.postgresql_url)),
        pool_(options.postgresql_url, options.max_connections, prepare_statements) {
    try {
      PgConnection connection(options.postgresql_url);
      create_postgres_resource_schema(connection);
      auto first = pool_.acquire();  // fail at start, not at the first request
    } catch (const JournalError& e) {
      throw JournalError("resource store " + name_ + ": " + e.what());
    }
  }

  const std::string& name() const { return name_; }

  // Runs fn(connection) on a pooled connection, again when it lost a race or the connection.
  template <typename Fn>
  auto run(Fn&& fn) {
    for (int attempt = 1;; ++attempt) {
      try {
        PgPool::Lease lease = pool_.acquire();
        return fn(*lease);
      } catch (const PgError& e) {
        const int attempts = e.lost_race()         ? kRaceAttempts
                             : e.connection_lost() ? kConnectionAttempts
                                                   : 1;
        if (attempt >= attempts) throw;
      }
      pause_before_retry(attempt);
    }
  }

  template <typename Fn>
  static auto in_transaction(PgConnection& c, Fn&& fn) {
    c.exec("BEGIN");
    try {
      auto result = fn();
      c.exec("COMMIT");
      return result;
    } catch (...) {
      if (!c.broken()) {
        try {
          c.exec("ROLLBACK");
        } catch (...) {  // the pool drops a connection left in a transaction
        }
      }
      throw;
    }
  }

  static std::optional<StoredResource> select(PgConnection& c, const char* statement,
                                              std::string_view type, std::string_view id) {
    PgParams params;
    params.text(type).text(id);
    return one_row(c.exec_prepared(statement, params));
  }

  static PutResult write(PgConnection& c, std::string_view type, std::string_view id,
                         std::string_view json, const std::vector<IndexEntry>* index) {
    const bool deleting = index == nullptr;
    const std::optional<StoredResource> current = select(c, kLockCurrent, type, id);
    const WritePlan plan = plan_write(current, json, deleting, clock::now_us());
    if (!plan.store) return plan.result;
    PgParams row;
    row.text(type)
        .text(id)
        .int64(plan.result.version)
        .int64(plan.result.last_updated_us)
        .int64(deleting ? 1 : 0)
        .text(deleting ? std::string_view() : json);
    c.exec_prepared(current ? kUpdateCurrent : kInsertCurrent, row);
    c.exec_prepared(kInsertHistory, row);
    PgParams key;
    key.text(type).text(id);
    c.exec_prepared(kDeleteIndex, key);
    if (index && !index->empty()) insert_index(c, type, id, *index);
    return plan.result;
  }

  static void insert_index(PgConnection& c, std::string_view type, std::string_view id,
                           const std::vector<IndexEntry>& index) {
    ArrayLiteral names, kinds, systems, values, lows, highs;
    for (const IndexEntry& e : index) {
      const bool is_string = e.kind == IndexKind::kString;
      const bool is_date = e.kind == IndexKind::kDate;
      names.add(e.param);
      kinds.add(to_string(e.kind));
      systems.add(e.kind == IndexKind::kToken ? std::string_view(e.system) : std::string_view());
      values.add(is_string ? fold_string(e.value) : is_date ? std::string() : e.value);
      lows.add(is_date ? std::optional(e.low_us) : std::nullopt);
      highs.add(is_date ? std::optional(e.high_us) : std::nullopt);
    }
    PgParams params;
    params.text(type).text(id);
    for (ArrayLiteral* a : {&names, &kinds, &systems, &values}) {
      params.text_literal(a->take(), kPgTextArray);
    }
    for (ArrayLiteral* a : {&lows, &highs}) params.text_literal(a->take(), kPgInt8Array);
    c.exec_prepared(kInsertIndex, params);
  }

  static SearchResult search(PgConnection& c, const PostgresSearch& search, bool with_json) {
    PgParams params;
    for (const SqlValue& v : search.values) {
      if (v.is_text) {
        params.text(v.text);
      } else {
        params.int64(v.number);
      }
    }
    const PgResult rows = c.exec_params(search.sql, params, "search");
    SearchResult result;
    for (int row = 0; row < rows.rows(); ++row) {
      result.total = static_cast<size_t>(rows.int64(row, 0));
      if (rows.is_null(row, 2)) continue;  // the empty page's row
      result.resources.push_back(read_row(rows, row, 1, with_json));
    }
    return result;
  }

 private:
  std::string name_;
  PgPool pool_;
};

PostgresResourceBackend::PostgresResourceBackend(const ResourceStoreOptions& options)
    : impl_(std::make_unique<Impl>(options)) {}
PostgresResourceBackend::~PostgresResourceBackend() = default;

const std::string& PostgresResourceBackend::name() const {
  return impl_->name();
}

std::vector<PutResult> PostgresResourceBackend::write_all(
    const std::vector<ResourceWrite>& writes) {
  return impl_->run([&](PgConnection& c) {
    return Impl::in_transaction(c, [&] {
      std::vector<PutResult> results;
      results.reserve(writes.size());
      for (const ResourceWrite& w : writes) {
        results.push_back(Impl::write(c, w.type, w.id, w.json, &w.index));
      }
      return results;
    });
  });
}

std::optional<PutResult> PostgresResourceBackend::erase(std::string_view type,
                                                        std::string_view id) {
  return impl_->run([&](PgConnection& c) {
    return Impl::in_transaction(c, [&]() -> std::optional<PutResult> {
      if (!Impl::select(c, kLockCurrent, type, id)) return std::nullopt;
      return Impl::write(c, type, id, {}, nullptr);
    });
  });
}

std::optional<StoredResource> PostgresResourceBackend::read(std::string_view type,
                                                            std::string_view id) {
  return impl_->run([&](PgConnection& c) { return Impl::select(c, kSelectCurrent, type, id); });
}

std::optional<StoredResource> PostgresResourceBackend::vread(std::string_view type,
                                                             std::string_view id, int64_t version) {
  return impl_->run([&](PgConnection& c) {
    PgParams params;
    params.text(type).text(id).int64(version);
    return one_row(c.exec_prepared(kSelectVersion, params));
  });
}

std::vector<StoredResource> PostgresResourceBackend::history(std::string_view type,
                                                             std::string_view id) {
  return impl_->run([&](PgConnection& c) {
    PgParams params;
    params.text(type).text(id);
    const PgResult rows = c.exec_prepared(kSelectHistory, params);
    std::vector<StoredResource> out;
    out.reserve(static_cast<size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) out.push_back(read_row(rows, row, 0, true));
    return out;
  });
}

SearchResult PostgresResourceBackend::search(std::string_view type,
                                             const std::vector<SearchParam>& params,
                                             const SearchOptions& options) {
  const PostgresSearch sql = postgres_search(type, params, options);
  return impl_->run([&](PgConnection& c) { return Impl::search(c, sql, options.include_json); });
}

}  // namespace titrate::store::detail
