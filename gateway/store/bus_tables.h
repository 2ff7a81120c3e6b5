// The bus's statements on one connection (internal to gateway/store and gateway/bus): the log,
// offsets, dead letters, module state and handled ids. Prepared once; used by one thread at a
// time. Writes happen inside the caller's transaction (begin/commit here, or the journal's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/store/bus_log_reader.h"
#include "gateway/store/sqlite_statement.h"

struct sqlite3;

namespace titrate::store::detail {

class BusTables {
 public:
  explicit BusTables(sqlite3* db);

  void begin();       // BEGIN IMMEDIATE: a write transaction
  void begin_read();  // BEGIN: a snapshot for several reads, ended by commit()
  void commit();
  void rollback() noexcept;

  // Returns the new seq.
  int64_t append(std::string_view topic, std::string_view key, std::string_view event_id,
                 std::string_view type, std::string_view payload, int64_t created_us);
  // Appends the events of `topic` with seq >= from_seq, oldest first, at most `limit`.
  void read_topic(std::string_view topic, int64_t from_seq, size_t limit,
                  std::vector<BusLogRow>& out);

  // The oldest `limit` events of the given topics with seq >= each topic's next_seq, in seq
  // order, read in one snapshot.
  std::vector<BusLogRow> read_after(const std::map<std::string, int64_t>& next_seq_by_topic,
                                    size_t limit);

  std::optional<int64_t> next_seq(std::string_view group, std::string_view topic);
  void set_next_seq(std::string_view group, std::string_view topic, int64_t next_seq);
  std::vector<BusOffset> offsets();

  bool handled(std::string_view group, std::string_view event_id);
  void mark_handled(std::string_view group, std::string_view event_id, int64_t now_us);

  std::optional<std::string> get_state(std::string_view space, std::string_view key);
  void put_state(std::string_view space, std::string_view key, std::string_view value,
                 int64_t now_us);

  void dead_letter(const BusDeadLetter& letter);
  std::vector<BusDeadLetter> dead_letters(size_t limit);

 private:
  SqliteStatement begin_, begin_read_, commit_, rollback_, append_, read_topic_, next_seq_,
      set_next_seq_, offsets_, handled_, mark_handled_, get_state_, put_state_, dead_letter_,
      dead_letters_;
};

}  // namespace titrate::store::detail
