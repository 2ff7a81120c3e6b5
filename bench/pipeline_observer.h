// Counts what the pipeline publishes (order status, administrations, alerts) and notes when a
// target count is reached, so a run's end time is the moment the last output was seen rather
// than the next poll of the driver.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/bus/bus.h"

namespace titrate::bench {

class PipelineObserver {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PipelineObserver(bus::Topics topics) : topics_(std::move(topics)) {}

  // The topics to watch: order status, administrations, alerts.
  std::vector<std::string> topics() const;
  // A bus subscription of its own consumer group (the embedded bus's observer).
  bus::Subscription subscription(std::string group);

  void see(const bus::Event& event);

  // From now on, note the time when `programmed` and `administrations` reach these counts.
  void expect(uint64_t programmed, uint64_t administrations);
  uint64_t programmed() const { return programmed_.load(); }
  uint64_t administrations() const { return administrations_.load(); }
  uint64_t refused() const { return refused_.load(); }
  uint64_t alerts() const { return alerts_.load(); }
  // The first refused order's state and reason codes (no patient data), or "".
  std::string first_refusal() const;
  Clock::time_point programmed_at() const;
  Clock::time_point administrations_at() const;

 private:
  bus::Topics topics_;
  std::atomic<uint64_t> programmed_{0}, administrations_{0}, refused_{0}, alerts_{0};
  std::atomic<uint64_t> programmed_target_{0}, administrations_target_{0};
  mutable std::mutex mutex_;
  Clock::time_point programmed_at_{}, administrations_at_{};
  std::string first_refusal_;
};

}  // namespace titrate::bench
