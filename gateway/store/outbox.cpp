#include "gateway/store/outbox.h"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>

#include <climits>
#include <mutex>
#include <random>

#include "gateway/bus/backoff.h"
#include "gateway/store/journal.h"
#include "gateway/store/journal_db.h"
#include "gateway/store/outbox_schema.h"
#include "gateway/store/sql_int.h"
#include "gateway/store/sqlite_statement.h"

namespace titrate::store {
namespace {

using detail::as_sql_int;
using detail::ScopedReset;
using detail::SqliteStatement;
using detail::step_once;

#define TITRATE_OUTBOX_COLUMNS                                                        \
  "o.id, o.destination, o.kind, o.resource_type, o.resource_id, o.version, o.state, " \
  "o.attempts, o.next_attempt_us, o.last_error, o.created_us, o.updated_us"

JournalOptions journal_options(const OutboxOptions& options) {
  JournalOptions o;
  o.path = options.path;
  o.durable = options.durable;
  o.busy_timeout_ms = options.busy_timeout_ms;
  return o;
}

// Reads TITRATE_OUTBOX_COLUMNS (and the payload at column 12 when `with_payload`).
OutboxRow read_row(const SqliteStatement& s, bool with_payload) {
  OutboxRow r;
  r.id = s.column_int64(0);
  r.destination = s.column_text(1);
  r.kind = s.column_text(2);
  r.resource_type = s.column_text(3);
  r.resource_id = s.column_text(4);
  r.version = s.column_int64(5);
  // An unknown state (written by a newer version) reads as dead, so it is looked at.
  r.state = outbox_state_from(s.column_text(6)).value_or(OutboxState::kDead);
  r.attempts = static_cast<int>(s.column_int64(7));
  r.next_attempt_us = s.column_int64(8);
  r.last_error = s.column_text(9);
  r.created_us = s.column_int64(10);
  r.updated_us = s.column_int64(11);
  if (with_payload) r.payload = s.column_text(12);
  return r;
}

}  // namespace

std::string_view to_string(OutboxState state) {
  switch (state) {
    case OutboxState::kPending:
      return "pending";
    case OutboxState::kDelivered:
      return "delivered";
    case OutboxState::kDead:
      return "dead";
    case OutboxState::kSuperseded:
      return "superseded";
  }
  return "dead";
}

std::optional<OutboxState> outbox_state_from(std::string_view text) {
  for (OutboxState s : {OutboxState::kPending, OutboxState::kDelivered, OutboxState::kDead,
                        OutboxState::kSuperseded}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

class Outbox::Impl {
 public:
  explicit Impl(const OutboxOptions& options)
      : path_(options.path),
        session_(detail::open_journal_session(journal_options(options))),
        db_(schema_then_handle(session_, path_)),
        begin_(db_, detail::kBeginWrite),
        commit_(db_, "COMMIT"),
        rollback_(db_, "ROLLBACK"),
        insert_(db_,
                "INSERT INTO push_outbox (destination, kind, resource_type, resource_id, version,"
                " payload, state, attempts, next_attempt_us, last_error, created_us, updated_us)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, '', ?, ?)"
                " ON CONFLICT (destination, resource_type, resource_id, version) DO NOTHING"),
        newest_version_(db_,
                        "SELECT MAX(version) FROM push_outbox"
                        " WHERE destination = ? AND resource_type = ? AND resource_id = ?"),
        // Each resource with pending versions once: its newest pending version, at the place
        // of its oldest.
        claim_(db_,
               "SELECT " TITRATE_OUTBOX_COLUMNS
               ", o.payload FROM (SELECT resource_type, resource_id, MIN(id) AS first_id,"
               " MAX(version) AS newest FROM push_outbox WHERE destination = ?1 AND"
               " state = 'pending' GROUP BY resource_type, resource_id) g"
               " JOIN push_outbox o ON o.destination = ?1 AND o.resource_type = g.resource_type"
               " AND o.resource_id = g.resource_id AND o.version = g.newest"
               " ORDER BY g.first_id LIMIT ?2"),
        select_row_(db_, "SELECT " TITRATE_OUTBOX_COLUMNS " FROM push_outbox o WHERE o.id = ?"),
        update_row_(db_,
                    "UPDATE push_outbox SET state = ?, attempts = ?, next_attempt_us = ?,"
                    " last_error = ?, updated_us = ? WHERE id = ?"),
        supersede_older_(db_,
                         "UPDATE push_outbox SET state = 'superseded', updated_us = ?"
                         " WHERE destination = ? AND resource_type = ? AND resource_id = ?"
                         " AND state = 'pending' AND version < ?"),
        dead_ids_(db_,
                  "SELECT id FROM push_outbox WHERE state = 'dead'"
                  " AND (?1 = '' OR destination = ?1) ORDER BY id"),
        counts_(db_,
                "SELECT destination, state, COUNT(*) FROM push_outbox"
                " GROUP BY destination, state"),
        random_(std::random_device{}()) {}

  template <typename Fn>
  auto locked(Fn&& fn) {
    std::lock_guard lock(mutex_);
    try {
      return fn();
    } catch (const JournalError& e) {
      throw JournalError("outbox " + path_ + ": " + e.what());
    }
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

  bool insert(const OutboxEntry& e, int64_t now_us) {
    const std::optional<int64_t> newest =
        newest_version(e.destination, e.resource_type, e.resource_id);
    const bool stale = newest && *newest > e.version;
    ScopedReset reset(insert_);
    insert_.bind_text(1, e.destination);
    insert_.bind_text(2, e.kind);
    insert_.bind_text(3, e.resource_type);
    insert_.bind_text(4, e.resource_id);
    insert_.bind(5, e.version);
    insert_.bind_text(6, e.payload);
    insert_.bind_text(7, to_string(stale ? OutboxState::kSuperseded : OutboxState::kPending));
    insert_.bind(8, now_us);
    insert_.bind(9, now_us);
    insert_.bind(10, now_us);
    insert_.step("enqueue");
    return insert_.changes() > 0;
  }

  std::optional<int64_t> newest_version(std::string_view destination, std::string_view type,
                                        std::string_view id) {
    ScopedReset reset(newest_version_);
    newest_version_.bind_text(1, destination);
    newest_version_.bind_text(2, type);
    newest_version_.bind_text(3, id);
    newest_version_.step("read versions");
    if (newest_version_.column_is_null(0)) return std::nullopt;
    return newest_version_.column_int64(0);
  }

  OutboxClaim claim(std::string_view destination, int64_t now_us, size_t limit) {
    OutboxClaim out;
    ScopedReset reset(claim_);
    claim_.bind_text(1, destination);
    claim_.bind(2, as_sql_int(limit));
    while (claim_.step("claim")) {
      OutboxRow row = read_row(claim_, true);
      if (row.next_attempt_us > now_us) {
        out.next_due_us = row.next_attempt_us;
        break;
      }
      out.due.push_back(std::move(row));
    }
    // A full page: there may be more due after it.
    if (!out.next_due_us && limit > 0 && out.due.size() == limit) out.next_due_us = now_us;
    return out;
  }

  std::optional<OutboxRow> select_row(int64_t id) {
    ScopedReset reset(select_row_);
    select_row_.bind(1, id);
    if (!select_row_.step("read item")) return std::nullopt;
    return read_row(select_row_, false);
  }

  OutboxRow require_row(int64_t id) {
    std::optional<OutboxRow> row = select_row(id);
    if (!row) throw JournalError("no outbox item " + std::to_string(id));
    return *row;
  }

  void update_row(const OutboxRow& row, int64_t now_us) {
    ScopedReset reset(update_row_);
    update_row_.bind_text(1, to_string(row.state));
    update_row_.bind(2, row.attempts);
    update_row_.bind(3, row.next_attempt_us);
    update_row_.bind_text(4, row.last_error);
    update_row_.bind(5, now_us);
    update_row_.bind(6, row.id);
    update_row_.step("update item");
  }

  void supersede_older(const OutboxRow& row, int64_t now_us) {
    ScopedReset reset(supersede_older_);
    supersede_older_.bind(1, now_us);
    supersede_older_.bind_text(2, row.destination);
    supersede_older_.bind_text(3, row.resource_type);
    supersede_older_.bind_text(4, row.resource_id);
    supersede_older_.bind(5, row.version);
    supersede_older_.step("supersede");
  }

  // Dead (or pending again) with the older pending versions superseded by this one.
  void finish(OutboxRow& row, int64_t now_us) {
    update_row(row, now_us);
    if (row.state != OutboxState::kPending) supersede_older(row, now_us);
  }

  // A dead item back to pending, or superseded when a newer version has been enqueued since.
  bool revive(int64_t id, int64_t now_us) {
    std::optional<OutboxRow> row = select_row(id);
    if (!row || row->state != OutboxState::kDead) return false;
    const std::optional<int64_t> newest =
        newest_version(row->destination, row->resource_type, row->resource_id);
    const bool stale = newest && *newest > row->version;
    row->state = stale ? OutboxState::kSuperseded : OutboxState::kPending;
    row->attempts = 0;
    row->next_attempt_us = now_us;
    update_row(*row, now_us);
    return true;
  }

  std::vector<int64_t> dead_ids(const std::optional<std::string>& destination) {
    ScopedReset reset(dead_ids_);
    dead_ids_.bind_text(1, destination.value_or(""));
    std::vector<int64_t> ids;
    while (dead_ids_.step("list dead")) ids.push_back(dead_ids_.column_int64(0));
    return ids;
  }

  std::vector<OutboxRow> list(const OutboxQuery& query) {
    std::string sql = "SELECT " TITRATE_OUTBOX_COLUMNS " FROM push_outbox o WHERE o.id > ?";
    if (query.destination) sql += " AND o.destination = ?";
    if (query.state) sql += " AND o.state = ?";
    sql += " ORDER BY o.id LIMIT ?";
    SqliteStatement s(db_, sql.c_str());
    int index = 1;
    s.bind(index++, query.after_id);
    if (query.destination) s.bind_text(index++, *query.destination);
    if (query.state) s.bind_text(index++, to_string(*query.state));
    s.bind(index, as_sql_int(query.limit));
    std::vector<OutboxRow> rows;
    while (s.step("list")) rows.push_back(read_row(s, false));
    return rows;
  }

  std::map<std::string, std::map<OutboxState, size_t>> counts() {
    ScopedReset reset(counts_);
    std::map<std::string, std::map<OutboxState, size_t>> out;
    while (counts_.step("count")) {
      const std::optional<OutboxState> state = outbox_state_from(counts_.column_text(1));
      if (!state) continue;
      out[counts_.column_text(0)][*state] = static_cast<size_t>(counts_.column_int64(2));
    }
    return out;
  }

  // The wait before the next attempt: in the upper half of the backoff delay.
  int64_t jittered_delay_us(const OutboxRetryPolicy& policy, int failures) {
    const int64_t delay_us =
        bus::backoff_delay(policy.initial, policy.max, failures).count() * int64_t{1000};
    if (delay_us <= 1) return delay_us;
    std::uniform_int_distribution<int64_t> half(delay_us / 2, delay_us);
    return half(random_);
  }

 private:
  static sqlite3* schema_then_handle(Poco::Data::Session& session, const std::string& path) {
    try {
      detail::create_outbox_schema(session);
    } catch (const JournalError& e) {
      throw JournalError("outbox " + path + ": " + e.what());
    }
    return Poco::Data::SQLite::Utility::dbHandle(session);
  }

  void rollback() noexcept { detail::rollback_quietly(rollback_); }

  std::string path_;
  std::mutex mutex_;
  Poco::Data::Session session_;
  sqlite3* db_;
  SqliteStatement begin_, commit_, rollback_, insert_, newest_version_, claim_, select_row_,
      update_row_, supersede_older_, dead_ids_, counts_;
  std::mt19937_64 random_;
};

Outbox::Outbox(const OutboxOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Outbox::~Outbox() = default;

size_t Outbox::enqueue(const std::vector<OutboxEntry>& entries, int64_t now_us) {
  if (entries.empty()) return 0;
  return impl_->locked([&] {
    return impl_->in_write_transaction([&] {
      size_t added = 0;
      for (const OutboxEntry& e : entries) added += impl_->insert(e, now_us) ? 1 : 0;
      return added;
    });
  });
}

OutboxClaim Outbox::claim(std::string_view destination, int64_t now_us, size_t limit) {
  return impl_->locked([&] { return impl_->claim(destination, now_us, limit); });
}

void Outbox::mark_delivered(int64_t id, int64_t now_us) {
  impl_->locked([&] {
    return impl_->in_write_transaction([&] {
      OutboxRow row = impl_->require_row(id);
      row.state = OutboxState::kDelivered;
      row.last_error.clear();
      impl_->finish(row, now_us);
      return 0;
    });
  });
}

OutboxState Outbox::mark_failed(int64_t id, std::string_view error, const OutboxRetryPolicy& policy,
                                int64_t now_us) {
  return impl_->locked([&] {
    return impl_->in_write_transaction([&] {
      OutboxRow row = impl_->require_row(id);
      row.attempts += 1;
      row.last_error = error;
      if (row.attempts >= policy.max_attempts) {
        row.state = OutboxState::kDead;
      } else {
        row.state = OutboxState::kPending;
        row.next_attempt_us = now_us + impl_->jittered_delay_us(policy, row.attempts);
      }
      impl_->finish(row, now_us);
      return row.state;
    });
  });
}

void Outbox::mark_dead(int64_t id, std::string_view error, int64_t now_us) {
  impl_->locked([&] {
    return impl_->in_write_transaction([&] {
      OutboxRow row = impl_->require_row(id);
      row.attempts += 1;
      row.last_error = error;
      row.state = OutboxState::kDead;
      impl_->finish(row, now_us);
      return 0;
    });
  });
}

std::vector<OutboxRow> Outbox::list(const OutboxQuery& query) const {
  return impl_->locked([&] { return impl_->list(query); });
}

std::optional<OutboxRow> Outbox::get(int64_t id) const {
  return impl_->locked([&] { return impl_->select_row(id); });
}

bool Outbox::retry(int64_t id, int64_t now_us) {
  return impl_->locked(
      [&] { return impl_->in_write_transaction([&] { return impl_->revive(id, now_us); }); });
}

size_t Outbox::retry_dead(const std::optional<std::string>& destination, int64_t now_us) {
  return impl_->locked([&] {
    return impl_->in_write_transaction([&] {
      size_t revived = 0;
      for (int64_t id : impl_->dead_ids(destination)) revived += impl_->revive(id, now_us) ? 1 : 0;
      return revived;
    });
  });
}

std::map<std::string, std::map<OutboxState, size_t>> Outbox::counts() const {
  return impl_->locked([&] { return impl_->counts(); });
}

}  // namespace titrate::store
