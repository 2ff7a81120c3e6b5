#include "gateway/store/resource_store_sqlite.h"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>

#include <climits>
#include <mutex>

#include "gateway/clock/utc_time.h"
#include "gateway/store/journal.h"
#include "gateway/store/journal_db.h"
#include "gateway/store/resource_schema.h"
#include "gateway/store/resource_search_sql.h"
#include "gateway/store/sql_int.h"
#include "gateway/store/sqlite_statement.h"

namespace titrate::store::detail {
namespace {

constexpr const char* kResourceColumns = "r.type, r.id, r.version, r.last_updated_us, r.deleted";

JournalOptions journal_options(const ResourceStoreOptions& options) {
  JournalOptions o;
  o.path = options.path;
  o.durable = options.durable;
  o.busy_timeout_ms = options.busy_timeout_ms;
  return o;
}

// Reads kResourceColumns (and json at column 5 when `with_json`).
StoredResource read_row(const SqliteStatement& s, bool with_json) {
  StoredResource r;
  r.type = s.column_text(0);
  r.id = s.column_text(1);
  r.version = s.column_int64(2);
  r.last_updated_us = s.column_int64(3);
  r.deleted = s.column_int64(4) != 0;
  if (with_json) r.json = s.column_text(5);
  return r;
}

void bind_all(SqliteStatement& s, const std::vector<SqlValue>& values, int first = 1) {
  int index = first;
  for (const SqlValue& v : values) {
    if (v.is_text) {
      s.bind_text(index++, v.text);
    } else {
      s.bind(index++, v.number);
    }
  }
}

}  // namespace

class SqliteResourceBackend::Impl {
 public:
  explicit Impl(const ResourceStoreOptions& options)
      : path_(options.path),
        session_(open_journal_session(journal_options(options))),
        db_(schema_then_handle(session_, path_)),
        begin_(db_, kBeginWrite),
        begin_read_(db_, "BEGIN"),
        commit_(db_, "COMMIT"),
        rollback_(db_, "ROLLBACK"),
        select_current_(db_,
                        "SELECT r.type, r.id, r.version, r.last_updated_us, r.deleted, r.json"
                        " FROM resources r WHERE r.type = ? AND r.id = ?"),
        upsert_current_(db_,
                        "INSERT INTO resources (type, id, version, last_updated_us, deleted, json)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (type, id) DO UPDATE SET"
                        " version = excluded.version, last_updated_us = excluded.last_updated_us,"
                        " deleted = excluded.deleted, json = excluded.json"),
        insert_history_(db_,
                        "INSERT INTO resource_history"
                        " (type, id, version, last_updated_us, deleted, json)"
                        " VALUES (?, ?, ?, ?, ?, ?)"),
        delete_index_(db_, "DELETE FROM resource_search_index WHERE type = ? AND id = ?"),
        insert_index_(db_,
                      "INSERT INTO resource_search_index"
                      " (type, id, param, kind, system, value, low_us, high_us)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        select_version_(db_,
                        "SELECT r.type, r.id, r.version, r.last_updated_us, r.deleted, r.json"
                        " FROM resource_history r WHERE r.type = ? AND r.id = ? AND r.version = ?"),
        select_history_(db_,
                        "SELECT r.type, r.id, r.version, r.last_updated_us, r.deleted, r.json"
                        " FROM resource_history r WHERE r.type = ? AND r.id = ?"
                        " ORDER BY r.version DESC") {}

  const std::string& path() const { return path_; }

  // One call at a time on the connection.
  template <typename Fn>
  auto locked(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn();
  }

  template <typename Fn>
  auto in_write_transaction(Fn&& fn) {
    step_once(begin_, "begin");
    try {
      auto result = fn();
      step_once(commit_, "commit");
      return result;
    } catch (...) {
      rollback();
      throw;
    }
  }

  PutResult write(std::string_view type, std::string_view id, std::string_view json,
                  const std::vector<IndexEntry>* index) {
    const bool deleting = index == nullptr;
    const WritePlan plan = plan_write(select_current(type, id), json, deleting, clock::now_us());
    if (!plan.store) return plan.result;
    for (SqliteStatement* s : {&upsert_current_, &insert_history_}) {
      ScopedReset reset(*s);
      s->bind_text(1, type);
      s->bind_text(2, id);
      s->bind(3, plan.result.version);
      s->bind(4, plan.result.last_updated_us);
      s->bind(5, deleting ? 1 : 0);
      s->bind_text(6, deleting ? std::string_view() : json);
      s->step("write resource");
    }
    {
      ScopedReset reset(delete_index_);
      delete_index_.bind_text(1, type);
      delete_index_.bind_text(2, id);
      delete_index_.step("clear index");
    }
    if (index) {
      for (const IndexEntry& e : *index) insert_index(type, id, e);
    }
    return plan.result;
  }

  std::optional<StoredResource> select_current(std::string_view type, std::string_view id) {
    ScopedReset reset(select_current_);
    select_current_.bind_text(1, type);
    select_current_.bind_text(2, id);
    if (!select_current_.step("read resource")) return std::nullopt;
    return read_row(select_current_, true);
  }

  std::optional<StoredResource> select_version(std::string_view type, std::string_view id,
                                               int64_t version) {
    ScopedReset reset(select_version_);
    select_version_.bind_text(1, type);
    select_version_.bind_text(2, id);
    select_version_.bind(3, version);
    if (!select_version_.step("read version")) return std::nullopt;
    return read_row(select_version_, true);
  }

  std::vector<StoredResource> select_history(std::string_view type, std::string_view id) {
    ScopedReset reset(select_history_);
    select_history_.bind_text(1, type);
    select_history_.bind_text(2, id);
    std::vector<StoredResource> out;
    while (select_history_.step("read history")) out.push_back(read_row(select_history_, true));
    return out;
  }

  SearchResult search(std::string_view type, const std::vector<SearchParam>& params,
                      const SearchOptions& options) {
    const SearchWhere where = build_search_where(type, params, SqlDialect::kSqlite);
    std::string page_sql = std::string("SELECT ") + kResourceColumns +
                           (options.include_json ? ", r.json" : "") + " FROM resources r" +
                           where.sql + std::string(search_order_by(options.sort)) +
                           " LIMIT ? OFFSET ?";
    SqliteStatement page(db_, page_sql.c_str());
    SqliteStatement count(db_, ("SELECT COUNT(*) FROM resources r" + where.sql).c_str());

    SearchResult result;
    step_once(begin_read_, "begin");  // the page and the total from one snapshot
    try {
      bind_all(count, where.values);
      count.step("count resources");
      result.total = static_cast<size_t>(count.column_int64(0));
      count.reset();

      bind_all(page, where.values);
      const int next = static_cast<int>(where.values.size()) + 1;
      page.bind(next, as_sql_int(options.count));
      page.bind(next + 1, as_sql_int(options.offset));
      while (page.step("search resources")) {
        result.resources.push_back(read_row(page, options.include_json));
      }
      page.reset();
      step_once(commit_, "commit");
    } catch (...) {
      count.reset();
      page.reset();
      rollback();
      throw;
    }
    return result;
  }

 private:
  static sqlite3* schema_then_handle(Poco::Data::Session& session, const std::string& path) {
    try {
      create_resource_schema(session);
    } catch (const JournalError& e) {
      throw JournalError("resource store " + path + ": " + e.what());
    }
    return Poco::Data::SQLite::Utility::dbHandle(session);
  }

  void rollback() noexcept { detail::rollback_quietly(rollback_); }

  void insert_index(std::string_view type, std::string_view id, const IndexEntry& e) {
    const bool is_string = e.kind == IndexKind::kString;
    const bool is_date = e.kind == IndexKind::kDate;
    const std::string folded = is_string ? fold_string(e.value) : std::string();
    ScopedReset reset(insert_index_);
    insert_index_.bind_text(1, type);
    insert_index_.bind_text(2, id);
    insert_index_.bind_text(3, e.param);
    insert_index_.bind_text(4, to_string(e.kind));
    insert_index_.bind_text(5, e.kind == IndexKind::kToken ? std::string_view(e.system) : "");
    insert_index_.bind_text(6, is_string ? std::string_view(folded)
                               : is_date ? std::string_view()
                                         : std::string_view(e.value));
    insert_index_.bind(7, is_date ? e.low_us : 0);
    insert_index_.bind(8, is_date ? e.high_us : 0);
    insert_index_.step("write index");
  }

  std::string path_;
  std::mutex mutex_;
  Poco::Data::Session session_;
  sqlite3* db_;
  SqliteStatement begin_, begin_read_, commit_, rollback_, select_current_, upsert_current_,
      insert_history_, delete_index_, insert_index_, select_version_, select_history_;
};

SqliteResourceBackend::SqliteResourceBackend(const ResourceStoreOptions& options)
    : impl_(std::make_unique<Impl>(options)) {}
SqliteResourceBackend::~SqliteResourceBackend() = default;

const std::string& SqliteResourceBackend::name() const {
  return impl_->path();
}

std::vector<PutResult> SqliteResourceBackend::write_all(const std::vector<ResourceWrite>& writes) {
  return impl_->locked([&] {
    return impl_->in_write_transaction([&] {
      std::vector<PutResult> results;
      results.reserve(writes.size());
      for (const ResourceWrite& w : writes) {
        results.push_back(impl_->write(w.type, w.id, w.json, &w.index));
      }
      return results;
    });
  });
}

std::optional<PutResult> SqliteResourceBackend::erase(std::string_view type, std::string_view id) {
  return impl_->locked([&] {
    return impl_->in_write_transaction([&]() -> std::optional<PutResult> {
      if (!impl_->select_current(type, id)) return std::nullopt;
      return impl_->write(type, id, {}, nullptr);
    });
  });
}

std::optional<StoredResource> SqliteResourceBackend::read(std::string_view type,
                                                          std::string_view id) {
  return impl_->locked([&] { return impl_->select_current(type, id); });
}

std::optional<StoredResource> SqliteResourceBackend::vread(std::string_view type,
                                                           std::string_view id, int64_t version) {
  return impl_->locked([&] { return impl_->select_version(type, id, version); });
}

std::vector<StoredResource> SqliteResourceBackend::history(std::string_view type,
                                                           std::string_view id) {
  return impl_->locked([&] { return impl_->select_history(type, id); });
}

SearchResult SqliteResourceBackend::search(std::string_view type,
                                           const std::vector<SearchParam>& params,
                                           const SearchOptions& options) {
  return impl_->locked([&] { return impl_->search(type, params, options); });
}

}  // namespace titrate::store::detail
