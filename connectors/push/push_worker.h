#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "connectors/push/push_transport.h"
#include "gateway/store/outbox.h"

namespace titrate::push {

struct PushWorkerStats {
  uint64_t delivered = 0;  // items the destination took
  uint64_t retried = 0;    // failed attempts that will be retried
  uint64_t dead = 0;       // items dead-lettered (rejected, or out of attempts)
};

struct PushWorkerOptions {
  std::string destination;  // the outbox's destination name
  store::OutboxRetryPolicy retry;
  size_t batch = 64;  // items claimed at a time
  // The longest sleep with nothing due: items revived by `titrate outbox retry` in another
  // process are picked up within it (this process's enqueues wake the worker at once).
  std::chrono::milliseconds idle_recheck{1000};
  std::function<int64_t()> now_us;  // default: the wall clock
  // Told of every delivery attempt and its outcome, after the outbox recorded it (the audit).
  std::function<void(const store::OutboxRow&, const DeliveryResult&)> on_attempt;
};

// The pusher of one destination: one thread that claims the destination's due outbox items,
// delivers them in order through its transport and records each outcome. It sleeps until the
// next item falls due, or until wake() (called after an enqueue). A retried failure ends the
// round: the items after it wait for it (the EHR sees them in order).
class PushWorker {
 public:
  PushWorker(store::Outbox& outbox, std::unique_ptr<PushTransport> transport,
             PushWorkerOptions options);
  ~PushWorker();  // stop()
  PushWorker(const PushWorker&) = delete;
  PushWorker& operator=(const PushWorker&) = delete;

  void start();
  // Returns once the thread has ended: at once when idle, after the delivery in flight (at
  // most the destination's timeout) otherwise.
  void stop();
  void wake();
  PushWorkerStats stats() const;
  const std::string& destination() const { return options_.destination; }

 private:
  void run();
  // Delivers the due items; returns when the next is due (nullopt: nothing pending).
  std::optional<int64_t> round();
  void record(const store::OutboxRow& row, const DeliveryResult& result);

  store::Outbox& outbox_;
  std::unique_ptr<PushTransport> transport_;
  PushWorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool woken_ = false, stopping_ = false;
  std::thread thread_;
  std::atomic<uint64_t> delivered_{0}, retried_{0}, dead_{0};
};

}  // namespace titrate::push
