#include "connectors/http/request_deadlines.h"

#include <sys/socket.h>

#include "connectors/limits/token_bucket.h"

namespace titrate::http {

RequestDeadlines::RequestDeadlines(int64_t tick_us) : tick_us_(tick_us) {
  thread_ = std::thread([this] { run(); });
}

RequestDeadlines::~RequestDeadlines() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RequestDeadlines::abort_all() {
  std::lock_guard lock(mutex_);
  aborted_ = true;
  for (Entry* entry : entries_) ::shutdown(entry->socket.impl()->sockfd(), SHUT_RDWR);
}

void RequestDeadlines::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::microseconds(tick_us_));
    const int64_t now = limits::monotonic_us();
    for (Entry* entry : entries_) {
      const int64_t deadline = entry->deadline_us.load(std::memory_order_relaxed);
      if (deadline == 0 || now < deadline || entry->expired.load()) continue;
      entry->expired = true;
      // Only the reading side: the connection can still send its 408.
      ::shutdown(entry->socket.impl()->sockfd(), SHUT_RD);
    }
  }
}

RequestDeadlines::Watch::Watch(RequestDeadlines& deadlines, const Poco::Net::StreamSocket& socket)
    : deadlines_(deadlines) {
  entry_.socket = socket;
  std::lock_guard lock(deadlines_.mutex_);
  position_ = deadlines_.entries_.insert(deadlines_.entries_.end(), &entry_);
  if (deadlines_.aborted_) ::shutdown(entry_.socket.impl()->sockfd(), SHUT_RDWR);
}

RequestDeadlines::Watch::~Watch() {
  std::lock_guard lock(deadlines_.mutex_);
  deadlines_.entries_.erase(position_);
}

void RequestDeadlines::Watch::arm(int seconds) {
  entry_.deadline_us.store(limits::monotonic_us() + int64_t{seconds} * 1'000'000,
                           std::memory_order_relaxed);
}

}  // namespace titrate::http
