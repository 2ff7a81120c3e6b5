#include "gateway/store/journal_writer.h"

#include <Poco/Data/SQLite/Utility.h>

#include <string>

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

}  // namespace

JournalWriter::JournalWriter(Poco::Data::Session& session)
    : session_(session),
      insert_(Poco::Data::SQLite::Utility::dbHandle(session_), kInsertUnlessDuplicate),
      find_duplicate_(Poco::Data::SQLite::Utility::dbHandle(session_),
                      "SELECT id, ack FROM journal WHERE sender = ? AND control_id = ?"),
      update_replay_(Poco::Data::SQLite::Utility::dbHandle(session_),
                     "UPDATE journal SET state = ?, error = ?, replay_count = replay_count + 1,"
                     " updated_at_us = ? WHERE id = ?"),
      bus_(Poco::Data::SQLite::Utility::dbHandle(session_)) {}

void JournalWriter::begin() {
  bus_.begin();
}

void JournalWriter::commit() {
  bus_.commit();
}

void JournalWriter::rollback() noexcept {
  bus_.rollback();
}

AppendResult JournalWriter::insert(const JournalEntry& entry, int64_t now) {
  {
    ScopedReset reset(insert_);
    insert_.bind(1, entry.received_at_us != 0 ? entry.received_at_us : now);
    insert_.bind(2, now);
    insert_.bind_text(3, entry.channel);
    insert_.bind_text(4, entry.sender);
    insert_.bind_text(5, entry.control_id);
    insert_.bind_text(6, entry.message_type);
    insert_.bind_blob(7, entry.raw);
    insert_.bind_text(8, to_string(entry.state));
    insert_.bind_text(9, entry.error);
    insert_.bind_blob(10, entry.ack);
    insert_.bind(11, entry.truncated ? 1 : 0);
    insert_.step("insert");
    if (insert_.changes() == 1) return AppendResult{insert_.last_insert_rowid(), false, entry.ack};
  }
  ScopedReset reset(find_duplicate_);
  find_duplicate_.bind_text(1, entry.sender);
  find_duplicate_.bind_text(2, entry.control_id);
  if (!find_duplicate_.step("find duplicate")) {
    throw JournalError("insert ignored but no entry holds its (sender, control_id)");
  }
  return AppendResult{find_duplicate_.column_int64(0), true, find_duplicate_.column_text(1)};
}

bool JournalWriter::update_replay(int64_t id, JournalState state, std::string_view error,
                                  int64_t now) {
  ScopedReset reset(update_replay_);
  update_replay_.bind_text(1, to_string(state));
  update_replay_.bind_text(2, error);
  update_replay_.bind(3, now);
  update_replay_.bind(4, id);
  update_replay_.step("update replay");
  return update_replay_.changes() == 1;
}

void JournalWriter::append_events(int64_t journal_id, std::vector<PendingEvent>& events,
                                  int64_t now) {
  std::string prefix(1, 'j');
  prefix.append(std::to_string(journal_id)).push_back('/');
  for (PendingEvent& pending : events) {
    bus::Event& event = pending.event;
    std::string id;
    id.reserve(prefix.size() + event.event_id.size());
    id.append(prefix).append(event.event_id);
    event.event_id = std::move(id);
    event.source.journal_id = journal_id;
    bus_.append(pending.topic, event.key, event.event_id, event.type, bus::encode_event(event),
                now);
  }
}

}  // namespace titrate::store::detail
