// The durable message journal: every inbound message is written here, and the write is synced,
// before its ACK leaves. Concurrent appends share one transaction and one sync (group commit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/bus/event.h"

namespace titrate::store {

enum class JournalState { kAccepted, kFailed, kRejected };  // stored as "accepted" / ...

std::string_view to_string(JournalState state);
std::optional<JournalState> journal_state_from(std::string_view text);

// A bus event written in the same transaction as its journal entry (the transactional outbox):
// an acknowledged message always has its events in the embedded bus's log. `event.event_id`
// holds only a suffix ("order/0"): the journal makes it "j<id>/order/0" and sets
// `event.source.journal_id`. `event.body` is already JSON (encoded by the caller).
struct PendingEvent {
  std::string topic;
  bus::Event event;
};

struct JournalEntry {
  std::string channel;       // listener name from config, e.g. "ehr-mllp"
  std::string sender;        // "MSH-3|MSH-4" as received (may be empty when unparseable)
  std::string control_id;    // MSH-10 (may be empty: then never a duplicate)
  std::string message_type;  // e.g. "ADT^A01"
  std::string raw;           // the message bytes exactly as received (any bytes, stored as BLOB)
  JournalState state = JournalState::kAccepted;
  std::string error;                 // located error text, empty when none (no patient data)
  std::string ack;                   // the ACK bytes sent back (a duplicate gets the ORIGINAL ack)
  int64_t received_at_us = 0;        // microseconds since the Unix epoch (UTC); 0 = now
  bool truncated = false;            // raw holds only the head of an oversized frame
  std::vector<PendingEvent> events;  // into bus_log with the entry; none for a duplicate
};

struct AppendResult {
  int64_t id = 0;
  bool duplicate = false;
  std::string ack;  // for a duplicate: the original entry's ack (and id above)
};

struct JournalSummary {
  int64_t id = 0;
  int64_t received_at_us = 0;
  std::string channel, sender, control_id, message_type;
  JournalState state = JournalState::kAccepted;
  int replay_count = 0;
};

struct JournalRecord : JournalSummary {
  std::string raw, error, ack;
  int64_t updated_at_us = 0;
  bool truncated = false;
};

struct JournalQuery {
  size_t limit = 100;
  int64_t before_id = 0;  // 0 = newest
  std::optional<JournalState> state;
};

struct JournalOptions {
  std::string path;        // SQLite database file (directory must exist)
  size_t max_batch = 512;  // most entries per group commit
  bool durable = true;     // PRAGMA synchronous=FULL in WAL mode (false only for tests that say so)
  // Durable, but made so by the next full sync of the same WAL rather than by each commit
  // (synchronous=NORMAL): for writers whose commits can be redone after a crash.
  bool defer_sync = false;
  bool read_only = false;  // for the CLI: no writer; the database must exist; append() throws
  int busy_timeout_ms = 10000;  // how long to wait for another process's lock before failing
};

struct JournalStats {
  uint64_t appended = 0, duplicates = 0, commits = 0;
};

// I/O and database failures; the message names the file, never patient data.
class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Journal {
 public:
  // Opens/creates the schema in WAL mode; throws JournalError (naming the path) on failure.
  explicit Journal(const JournalOptions& options);
  ~Journal();  // drains pending appends, then stops the writer
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Blocks until the entry is durable (committed and synced), or is found to be a duplicate of
  // (sender, control_id) already journaled or earlier in the same batch. Throws JournalError.
  AppendResult append(JournalEntry entry);

  // Newest first.
  std::vector<JournalSummary> list(const JournalQuery& query) const;
  std::optional<JournalRecord> get(int64_t id) const;

  // After a replay: new state and error, replay_count + 1, updated_at = now. Durable on return.
  // Throws JournalError when there is no entry with that id.
  void record_replay(int64_t id, JournalState state, std::string_view error);
  // The same, and the replay's bus events (completed as for append(): a replay produces the
  // event ids of the first run, and consumers skip the ones they have handled).
  void record_replay(int64_t id, JournalState state, std::string_view error,
                     std::vector<PendingEvent> events);

  // Called on the writer thread after each commit that wrote bus events (for
  // EmbeddedBus::wake()). Must not block or call the journal.
  void set_commit_listener(std::function<void()> listener);

  JournalStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace titrate::store
