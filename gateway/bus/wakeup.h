// Wakes the embedded bus's consumers (and the outbox relay) when new events are committed, and
// tells them to stop. A waiter passes the generation it saw before it looked for work, so a
// notification between its look and its wait is not lost.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>

namespace titrate::bus::detail {

class Wakeup {
 public:
  uint64_t generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }
  void notify() {
    {
      std::lock_guard lock(mutex_);
      ++generation_;
    }
    cv_.notify_all();
  }
  // Until the generation moves past `seen`, stop(), or the timeout.
  void wait(uint64_t seen, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return stopping_ || generation_ != seen; });
  }
  // Until stop() or the timeout; true when stopping.
  bool sleep(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return stopping_; });
  }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
  }
  void restart() {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  bool stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  // A polling thread's loop until stop(): `poll()` returns whether it found work; after a poll
  // that found none the thread waits for notify() or `interval`. A poll that throws a
  // std::exception is passed to `on_error`, and the thread then pauses for `error_pause`.
  template <class Poll, class OnError>
  void poll_until_stopped(std::chrono::milliseconds interval, std::chrono::milliseconds error_pause,
                          Poll poll, OnError on_error) {
    while (!stopping()) {
      const uint64_t seen = generation();
      try {
        if (!poll()) wait(seen, interval);
      } catch (const std::exception& e) {
        on_error(e);
        sleep(error_pause);
      }
    }
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  uint64_t generation_ = 0;
  bool stopping_ = false;
};

}  // namespace titrate::bus::detail
