#include "connectors/limits/connection_counter.h"

namespace titrate::limits {

bool ConnectionCounter::try_acquire(const std::string& client, size_t max) {
  std::lock_guard lock(mutex_);
  size_t& count = open_[client];
  if (max > 0 && count >= max) {
    if (count == 0) open_.erase(client);
    return false;
  }
  ++count;
  return true;
}

void ConnectionCounter::release(const std::string& client) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(client);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

size_t ConnectionCounter::open(const std::string& client) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(client);
  return it == open_.end() ? 0 : it->second;
}

}  // namespace titrate::limits
