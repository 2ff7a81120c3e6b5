#include "gateway/store/bus_tables.h"

#include <algorithm>
#include <cstdint>

#include "gateway/store/journal_db.h"

namespace titrate::store::detail {
namespace {

int64_t as_limit(size_t limit) {
  return limit > static_cast<size_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(limit);
}

}  // namespace

BusTables::BusTables(sqlite3* db)
    : begin_(db, kBeginWrite),
      begin_read_(db, "BEGIN"),
      commit_(db, "COMMIT"),
      rollback_(db, "ROLLBACK"),
      append_(db,
              "INSERT INTO bus_log (topic, key, event_id, type, payload, created_us)"
              " VALUES (?, ?, ?, ?, ?, ?)"),
      read_topic_(db,
                  "SELECT seq, topic, key, event_id, type, payload, created_us FROM bus_log"
                  " WHERE topic = ? AND seq >= ? ORDER BY seq LIMIT ?"),
      next_seq_(db, "SELECT next_seq FROM bus_offsets WHERE group_name = ? AND topic = ?"),
      set_next_seq_(db,
                    "INSERT INTO bus_offsets (group_name, topic, next_seq) VALUES (?, ?, ?)"
                    " ON CONFLICT (group_name, topic) DO UPDATE SET next_seq = excluded.next_seq"),
      offsets_(db,
               "SELECT group_name, topic, next_seq FROM bus_offsets ORDER BY group_name, topic"),
      handled_(db, "SELECT 1 FROM bus_handled WHERE group_name = ? AND event_id = ?"),
      mark_handled_(db,
                    "INSERT INTO bus_handled (group_name, event_id, handled_us) VALUES (?, ?, ?)"
                    " ON CONFLICT (group_name, event_id) DO NOTHING"),
      get_state_(db, "SELECT value FROM module_state WHERE space = ? AND key = ?"),
      put_state_(db,
                 "INSERT INTO module_state (space, key, value, updated_us) VALUES (?, ?, ?, ?)"
                 " ON CONFLICT (space, key) DO UPDATE SET value = excluded.value,"
                 " updated_us = excluded.updated_us"),
      dead_letter_(db,
                   "INSERT INTO bus_dead_letter (group_name, seq, event_id, error, attempts, at_us)"
                   " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (group_name, seq) DO UPDATE SET"
                   " error = excluded.error, attempts = excluded.attempts, at_us = excluded.at_us"),
      dead_letters_(db,
                    "SELECT group_name, seq, event_id, error, attempts, at_us FROM bus_dead_letter"
                    " ORDER BY at_us DESC, seq DESC LIMIT ?") {}

void BusTables::begin() {
  step_once(begin_, "begin");
}

void BusTables::begin_read() {
  step_once(begin_read_, "begin");
}

void BusTables::commit() {
  step_once(commit_, "commit");
}

void BusTables::rollback() noexcept {
  rollback_quietly(rollback_);
}

int64_t BusTables::append(std::string_view topic, std::string_view key, std::string_view event_id,
                          std::string_view type, std::string_view payload, int64_t created_us) {
  ScopedReset reset(append_);
  append_.bind_text(1, topic);
  append_.bind_text(2, key);
  append_.bind_text(3, event_id);
  append_.bind_text(4, type);
  append_.bind_blob(5, payload);
  append_.bind(6, created_us);
  append_.step("append to bus_log");
  return append_.last_insert_rowid();
}

void BusTables::read_topic(std::string_view topic, int64_t from_seq, size_t limit,
                           std::vector<BusLogRow>& out) {
  ScopedReset reset(read_topic_);
  read_topic_.bind_text(1, topic);
  read_topic_.bind(2, from_seq);
  read_topic_.bind(3, as_limit(limit));
  while (read_topic_.step("read bus_log")) {
    BusLogRow& row = out.emplace_back();
    row.seq = read_topic_.column_int64(0);
    row.topic = read_topic_.column_text(1);
    row.key = read_topic_.column_text(2);
    row.event_id = read_topic_.column_text(3);
    row.type = read_topic_.column_text(4);
    row.payload = read_topic_.column_text(5);
    row.created_us = read_topic_.column_int64(6);
  }
}

std::vector<BusLogRow> BusTables::read_after(
    const std::map<std::string, int64_t>& next_seq_by_topic, size_t limit) {
  std::vector<BusLogRow> rows;
  // One snapshot for every topic, so that events of different topics are seen in seq order.
  begin_read();
  try {
    for (const auto& [topic, next_seq] : next_seq_by_topic) {
      read_topic(topic, next_seq, limit, rows);
    }
    commit();
  } catch (...) {
    rollback();
    throw;
  }
  // Each topic gave at most `limit` rows, so the first `limit` by seq are the oldest overall.
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  if (rows.size() > limit) rows.resize(limit);
  return rows;
}

std::optional<int64_t> BusTables::next_seq(std::string_view group, std::string_view topic) {
  ScopedReset reset(next_seq_);
  next_seq_.bind_text(1, group);
  next_seq_.bind_text(2, topic);
  if (!next_seq_.step("read bus_offsets")) return std::nullopt;
  return next_seq_.column_int64(0);
}

void BusTables::set_next_seq(std::string_view group, std::string_view topic, int64_t next_seq) {
  ScopedReset reset(set_next_seq_);
  set_next_seq_.bind_text(1, group);
  set_next_seq_.bind_text(2, topic);
  set_next_seq_.bind(3, next_seq);
  set_next_seq_.step("write bus_offsets");
}

std::vector<BusOffset> BusTables::offsets() {
  ScopedReset reset(offsets_);
  std::vector<BusOffset> out;
  while (offsets_.step("read bus_offsets")) {
    out.push_back({offsets_.column_text(0), offsets_.column_text(1), offsets_.column_int64(2)});
  }
  return out;
}

bool BusTables::handled(std::string_view group, std::string_view event_id) {
  ScopedReset reset(handled_);
  handled_.bind_text(1, group);
  handled_.bind_text(2, event_id);
  return handled_.step("read bus_handled");
}

void BusTables::mark_handled(std::string_view group, std::string_view event_id, int64_t now_us) {
  ScopedReset reset(mark_handled_);
  mark_handled_.bind_text(1, group);
  mark_handled_.bind_text(2, event_id);
  mark_handled_.bind(3, now_us);
  mark_handled_.step("write bus_handled");
}

std::optional<std::string> BusTables::get_state(std::string_view space, std::string_view key) {
  ScopedReset reset(get_state_);
  get_state_.bind_text(1, space);
  get_state_.bind_text(2, key);
  if (!get_state_.step("read module_state")) return std::nullopt;
  return get_state_.column_text(0);
}

void BusTables::put_state(std::string_view space, std::string_view key, std::string_view value,
                          int64_t now_us) {
  ScopedReset reset(put_state_);
  put_state_.bind_text(1, space);
  put_state_.bind_text(2, key);
  put_state_.bind_text(3, value);
  put_state_.bind(4, now_us);
  put_state_.step("write module_state");
}

void BusTables::dead_letter(const BusDeadLetter& letter) {
  ScopedReset reset(dead_letter_);
  dead_letter_.bind_text(1, letter.group);
  dead_letter_.bind(2, letter.seq);
  dead_letter_.bind_text(3, letter.event_id);
  dead_letter_.bind_text(4, letter.error);
  dead_letter_.bind(5, letter.attempts);
  dead_letter_.bind(6, letter.at_us);
  dead_letter_.step("write bus_dead_letter");
}

std::vector<BusDeadLetter> BusTables::dead_letters(size_t limit) {
  ScopedReset reset(dead_letters_);
  dead_letters_.bind(1, as_limit(limit));
  std::vector<BusDeadLetter> out;
  while (dead_letters_.step("read bus_dead_letter")) {
    BusDeadLetter& d = out.emplace_back();
    d.group = dead_letters_.column_text(0);
    d.seq = dead_letters_.column_int64(1);
    d.event_id = dead_letters_.column_text(2);
    d.error = dead_letters_.column_text(3);
    d.attempts = static_cast<int>(dead_letters_.column_int64(4));
    d.at_us = dead_letters_.column_int64(5);
  }
  return out;
}

}  // namespace titrate::store::detail
