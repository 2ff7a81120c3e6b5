#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

// The simulator's one kept MLLP connection to the gateway: messages queue up and go out in
// order on a thread of its own, each waiting for its acknowledgement; a broken connection is
// reopened (with a growing pause) and the unacknowledged message sent again.
namespace titrate::pump_sim {

class GatewayLink {
 public:
  GatewayLink(std::string host, uint16_t port,
              std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  ~GatewayLink();  // stop()
  GatewayLink(const GatewayLink&) = delete;
  GatewayLink& operator=(const GatewayLink&) = delete;

  void start();
  // Sends what is queued for at most `drain`, then closes the connection and joins the thread.
  void stop(std::chrono::milliseconds drain = std::chrono::milliseconds(2000));
  void send(std::string message);
  // Closes the connection before the next message (which reopens it).
  void drop_connection() { drop_.store(true); }

  uint64_t acknowledged() const { return acknowledged_.load(); }
  uint64_t refused() const { return refused_.load(); }  // answered with something else than AA/CA

 private:
  void run();

  std::string host_;
  uint16_t port_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point drain_deadline_;
  std::atomic<bool> drop_{false};
  std::atomic<uint64_t> acknowledged_{0}, refused_{0};
  std::thread thread_;
};

}  // namespace titrate::pump_sim
