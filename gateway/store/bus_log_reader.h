// Read-only view of the embedded bus's tables for operators and the CLI: the events of a topic,
// each consumer group's position and the dead letters. Opens the database read-only, so it
// works while a server is running (WAL). Payloads are bus envelopes and may carry patient data:
// show them only where the journal's raw messages may be shown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace titrate::store {

struct BusLogRow {
  int64_t seq = 0;
  std::string topic, key, event_id, type;
  std::string payload;  // the envelope (bus::encode_event)
  int64_t created_us = 0;
};

struct BusOffset {
  std::string group, topic;
  int64_t next_seq = 0;  // the first seq not yet consumed
};

struct BusDeadLetter {
  std::string group;
  int64_t seq = 0;
  std::string event_id, error;
  int attempts = 0;
  int64_t at_us = 0;
};

struct BusLogReaderOptions {
  std::string path;  // the journal's database file; it must exist
  int busy_timeout_ms = 10000;
};

class BusLogReader {
 public:
  explicit BusLogReader(const BusLogReaderOptions& options);  // throws JournalError
  ~BusLogReader();
  BusLogReader(const BusLogReader&) = delete;
  BusLogReader& operator=(const BusLogReader&) = delete;

  // Events of `topic` with seq > after_seq, oldest first. Throws JournalError.
  std::vector<BusLogRow> events(std::string_view topic, int64_t after_seq, size_t limit) const;
  std::vector<BusOffset> offsets() const;
  // Newest first.
  std::vector<BusDeadLetter> dead_letters(size_t limit) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace titrate::store
