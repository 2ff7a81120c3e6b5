#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace titrate::limits {

// Decides whether a refusal is worth a log line: at most one per key (client and reason) per
// interval, so a flood of refusals cannot flood the log. The caller logs the count of refusals
// the previous lines left unsaid.
class RefusalLog {
 public:
  explicit RefusalLog(int64_t interval_us = 5'000'000) : interval_us_(interval_us) {}

  // Returns true when the caller should log now; `suppressed` is set to the number of
  // refusals under this key since the last line.
  bool should_log(const std::string& key, int64_t now_us, uint64_t& suppressed);

 private:
  struct Entry {
    int64_t last_us = 0;
    uint64_t suppressed = 0;
  };
  int64_t interval_us_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  int64_t last_sweep_us_ = 0;
};

// " (N more like this from this address since the last line)", or "" when N is 0.
std::string suppressed_note(uint64_t suppressed);

}  // namespace titrate::limits
