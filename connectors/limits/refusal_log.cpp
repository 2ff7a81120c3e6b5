#include "connectors/limits/refusal_log.h"

namespace titrate::limits {

bool RefusalLog::should_log(const std::string& key, int64_t now_us, uint64_t& suppressed) {
  std::lock_guard lock(mutex_);
  if (now_us - last_sweep_us_ > 12 * interval_us_) {
    last_sweep_us_ = now_us;
    std::erase_if(entries_, [&](const auto& entry) {
      const int64_t age = now_us - entry.second.last_us;
      return age > 12 * interval_us_ || (entry.second.suppressed == 0 && age > interval_us_);
    });
  }
  auto [it, inserted] = entries_.try_emplace(key);
  Entry& entry = it->second;
  if (!inserted && now_us - entry.last_us < interval_us_) {
    ++entry.suppressed;
    return false;
  }
  suppressed = entry.suppressed;
  entry.suppressed = 0;
  entry.last_us = now_us;
  return true;
}

std::string suppressed_note(uint64_t suppressed) {
  if (suppressed == 0) return {};
  return " (" + std::to_string(suppressed) +
         " more like this from this address since the last line)";
}

}  // namespace titrate::limits
