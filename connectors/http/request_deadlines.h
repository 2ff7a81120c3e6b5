#pragma once

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <thread>

namespace titrate::http {

// Whole-request deadlines for HTTP connections. POCO's timeout bounds each read, so a client
// that sends one header byte every few seconds (slowloris) would hold a worker for ever; here
// a watchdog thread shuts down the reading side of any connection whose deadline has passed,
// which ends the blocked read, and marks it so the connection answers 408 and closes.
class RequestDeadlines {
 public:
  class Watch;

  explicit RequestDeadlines(int64_t tick_us = 100'000);
  ~RequestDeadlines();
  RequestDeadlines(const RequestDeadlines&) = delete;
  RequestDeadlines& operator=(const RequestDeadlines&) = delete;

  // Shuts down every watched connection, and any watched later (server stop).
  void abort_all();

 private:
  struct Entry {
    Poco::Net::StreamSocket socket;
    std::atomic<int64_t> deadline_us{0};  // 0: no deadline
    std::atomic<bool> expired{false};
  };
  void run();

  int64_t tick_us_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::list<Entry*> entries_;
  bool stopping_ = false;
  bool aborted_ = false;
  std::thread thread_;
};

// One connection's deadline, registered with the watchdog while the connection is served.
class RequestDeadlines::Watch {
 public:
  Watch(RequestDeadlines& deadlines, const Poco::Net::StreamSocket& socket);
  ~Watch();
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  void arm(int seconds);
  void disarm() { entry_.deadline_us.store(0, std::memory_order_relaxed); }
  // True once the deadline passed: the connection's reading side has been shut down.
  bool expired() const { return entry_.expired.load(); }

 private:
  RequestDeadlines& deadlines_;
  Entry entry_;
  std::list<Entry*>::iterator position_;
};

}  // namespace titrate::http
