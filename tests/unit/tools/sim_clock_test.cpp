#include "tools/pump_sim/sim_clock.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace titrate::pump_sim {
namespace {

TEST(VirtualClock, RunsSpeedTimesFasterThanRealTime) {
  int64_t real = 5'000'000;
  const VirtualClock clock(60, 1'000'000'000, [&real] { return real; });
  EXPECT_EQ(clock.now_us(), 1'000'000'000);
  real += 1'000'000;  // one real second = one simulated minute
  EXPECT_EQ(clock.now_us(), 1'000'000'000 + 60'000'000);
  real += 500;
  EXPECT_EQ(clock.now_us(), 1'000'000'000 + 60'030'000);
}

TEST(VirtualClock, RealTimeUntilASimulatedInstant) {
  int64_t real = 0;
  const VirtualClock clock(600, 1'000'000'000, [&real] { return real; });
  EXPECT_EQ(clock.real_us_until(1'000'000'000 + 600'000'000), 1'000'000);  // 10 min in 1 s
  real = 2'000'000;
  EXPECT_EQ(clock.real_us_until(1'000'000'000 + 600'000'000), 0);  // already passed
}

TEST(VirtualClock, SlowerThanRealTimeAndDefaults) {
  int64_t real = 0;
  const VirtualClock slow(0.5, 1'000'000, [&real] { return real; });
  real = 4'000'000;
  EXPECT_EQ(slow.now_us(), 3'000'000);
  const VirtualClock wall(1);  // starts at the wall clock
  EXPECT_GT(wall.now_us(), 1'700'000'000'000'000);
}

TEST(VirtualClock, RefusesASpeedThatIsNotPositive) {
  EXPECT_THROW(VirtualClock(0), std::invalid_argument);
  EXPECT_THROW(VirtualClock(-2), std::invalid_argument);
}

}  // namespace
}  // namespace titrate::pump_sim
