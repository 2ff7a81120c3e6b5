#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace titrate::limits {

// Open connections per client address, for a per-client connection cap.
class ConnectionCounter {
 public:
  // Counts a connection from `client` unless it already has `max` open (max 0: no cap).
  bool try_acquire(const std::string& client, size_t max);
  void release(const std::string& client);
  size_t open(const std::string& client);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, size_t> open_;
};

// Holds one counted connection and releases it when destroyed.
class ConnectionSlot {
 public:
  ConnectionSlot(ConnectionCounter& counter, std::string client, size_t max)
      : counter_(counter), client_(std::move(client)), held_(counter.try_acquire(client_, max)) {}
  ~ConnectionSlot() {
    if (held_) counter_.release(client_);
  }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  bool held() const { return held_; }

 private:
  ConnectionCounter& counter_;
  std::string client_;
  bool held_;
};

}  // namespace titrate::limits
