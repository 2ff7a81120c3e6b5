#pragma once

#include <cstdint>
#include <functional>

// The simulator's clock: simulated time (microseconds since the Unix epoch) that runs `speed`
// times faster than real time from a starting instant. Pumps stamp their messages with it.
namespace titrate::pump_sim {

class VirtualClock {
 public:
  // `real_us` reads a monotonic real clock in microseconds (steady_clock by default); `origin_us`
  // is the simulated time at construction (the wall clock by default). Throws
  // std::invalid_argument for a speed that is not a positive finite number.
  explicit VirtualClock(double speed, int64_t origin_us = 0,
                        std::function<int64_t()> real_us = nullptr);

  int64_t now_us() const;
  double speed() const { return speed_; }
  // Real microseconds from now until the simulated instant `sim_us` (0 when it has passed).
  int64_t real_us_until(int64_t sim_us) const;

 private:
  double speed_;
  int64_t origin_us_;
  std::function<int64_t()> real_us_;
  int64_t real_origin_us_;
};

}  // namespace titrate::pump_sim
