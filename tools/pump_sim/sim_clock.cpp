#include "tools/pump_sim/sim_clock.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "gateway/clock/utc_time.h"

namespace titrate::pump_sim {
namespace {

int64_t steady_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

VirtualClock::VirtualClock(double speed, int64_t origin_us, std::function<int64_t()> real_us)
    : speed_(speed),
      origin_us_(origin_us != 0 ? origin_us : clock::now_us()),
      real_us_(real_us ? std::move(real_us) : steady_us),
      real_origin_us_(real_us_()) {
  if (!std::isfinite(speed) || speed <= 0) {
    throw std::invalid_argument("the simulation speed must be a positive number");
  }
}

int64_t VirtualClock::now_us() const {
  const double elapsed = static_cast<double>(real_us_() - real_origin_us_) * speed_;
  return origin_us_ + static_cast<int64_t>(std::llround(elapsed));
}

int64_t VirtualClock::real_us_until(int64_t sim_us) const {
  const int64_t ahead = sim_us - now_us();
  if (ahead <= 0) return 0;
  return static_cast<int64_t>(std::ceil(static_cast<double>(ahead) / speed_));
}

}  // namespace titrate::pump_sim
