#include "pump-control/delivery_checks.h"

#include <gtest/gtest.h>

#include "pump_events_support.h"

namespace titrate::pump_control {
namespace {

using namespace test;
using model::Decimal;

constexpr int64_t kMinute = 60'000'000;

Session running_at(const char* rate) {
  Session s;
  s.session_id = "session-1";
  s.state = model::SessionState::kRunning;
  s.rate = q(rate, "mL/h");
  s.running_since_us = 1'000 * kMinute;
  return s;
}

std::vector<std::string> codes(const std::vector<Deviation>& ds) {
  std::vector<std::string> out;
  for (const Deviation& d : ds) out.push_back(d.code);
  return out;
}

const Tolerances kTolerances;  // 10 %, 5 mL, 15 %
const int64_t kAtStart = 1'000 * kMinute;

TEST(DeliveryChecks, RateAtToleranceIsWithinBeyondIsNot) {
  const model::DosingPlan plan = ketamine_plan();  // 60.0 mL/h
  EXPECT_TRUE(check_delivery(running_at("66.0"), plan, kTolerances, kAtStart).empty());
  EXPECT_TRUE(check_delivery(running_at("54.0"), plan, kTolerances, kAtStart).empty());
  const auto over = check_delivery(running_at("66.1"), plan, kTolerances, kAtStart);
  ASSERT_EQ(codes(over), std::vector<std::string>{"rate-mismatch"});
  EXPECT_EQ(over[0].threshold.value.to_string(), "66.0");
  EXPECT_EQ(over[0].observed.value.to_string(), "66.1");
  EXPECT_EQ(over[0].rule, "/tolerances/rate_percent");
  const auto under = check_delivery(running_at("53.9"), plan, kTolerances, kAtStart);
  ASSERT_EQ(codes(under), std::vector<std::string>{"rate-mismatch"});
  EXPECT_EQ(under[0].threshold.value.to_string(), "54.0");
}

TEST(DeliveryChecks, RateNotCheckedWhilePausedOrTransitioning) {
  const model::DosingPlan plan = ketamine_plan();
  Session s = running_at("30.0");
  s.transitioning = true;
  EXPECT_TRUE(check_delivery(s, plan, kTolerances, kAtStart).empty());
  s.transitioning = false;
  s.state = model::SessionState::kPaused;
  EXPECT_TRUE(check_delivery(s, plan, kTolerances, kAtStart).empty());
}

TEST(DeliveryChecks, VolumeBeyondVtbiPlusTolerance) {
  const model::DosingPlan plan = ketamine_plan();  // VTBI 40.0 mL
  Session s = running_at("60.0");
  s.volume_ml = Decimal{450, 1};
  EXPECT_TRUE(check_delivery(s, plan, kTolerances, kAtStart).empty());
  s.volume_ml = Decimal{451, 1};
  const auto d = check_delivery(s, plan, kTolerances, kAtStart);
  ASSERT_EQ(codes(d), std::vector<std::string>{"volume-beyond-vtbi"});
  EXPECT_EQ(d[0].threshold.value.to_string(), "45.0");
  EXPECT_EQ(d[0].message, "volume-beyond-vtbi: 45.1 mL above 45.0 mL");
}

TEST(DeliveryChecks, DurationBeyondPlanExcludesPauses) {
  const model::DosingPlan plan = ketamine_plan();  // 40 min, +15 % = 46 min
  Session s = running_at("60.0");
  EXPECT_TRUE(check_delivery(s, plan, kTolerances, kAtStart + 46 * kMinute).empty());
  const auto d = check_delivery(s, plan, kTolerances, kAtStart + 46 * kMinute + 1);
  ASSERT_EQ(codes(d), std::vector<std::string>{"duration-beyond-plan"});
  EXPECT_EQ(d[0].threshold.value.to_string(), "46");
  // 30 min before a pause, 16 after: 46 in all.
  Session paused = running_at("60.0");
  paused.running_us = 30 * kMinute;
  paused.running_since_us = kAtStart + 60 * kMinute;
  EXPECT_TRUE(check_delivery(paused, plan, kTolerances, kAtStart + 76 * kMinute).empty());
  EXPECT_FALSE(check_delivery(paused, plan, kTolerances, kAtStart + 77 * kMinute).empty());
}

TEST(DeliveryChecks, ConfiguredTolerancesApply) {
  const model::DosingPlan plan = ketamine_plan();
  Tolerances zero{Decimal{0, 0}, Decimal{0, 0}, Decimal{0, 0}};
  EXPECT_TRUE(check_delivery(running_at("60"), plan, zero, kAtStart).empty());
  EXPECT_EQ(codes(check_delivery(running_at("60.1"), plan, zero, kAtStart)),
            std::vector<std::string>{"rate-mismatch"});
}

TEST(DeliveryChecks, DoseFromVolumeAndConcentrationIsExact) {
  const model::Ratio c{q("500", "mg"), q("500", "mL")};
  EXPECT_EQ(dose_of_volume(c, Decimal{125, 1})->value.to_string(), "12.5");
  const model::Ratio g{q("0.5", "g"), q("250", "mL")};  // 2 mg/mL
  EXPECT_EQ(dose_of_volume(g, Decimal{101, 1})->value.to_string(), "20.2");
  const model::Ratio third{q("100", "mg"), q("300", "mL")};
  EXPECT_EQ(dose_of_volume(third, Decimal{10, 0})->value.to_string(), "3.333");
  EXPECT_EQ(dose_rate_of_rate(c, q("60.0", "mL/h"))->unit, "mg/h");
  EXPECT_FALSE(dose_of_volume(model::Ratio{q("5", "mg"), q("1", "kg")}, Decimal{1, 0}));
}

}  // namespace
}  // namespace titrate::pump_control
