#include "tools/pump_sim/vitals.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace titrate::pump_sim {
namespace {

// The alert rules of config/pump-control.json.
bool breaches_a_rule(const Vitals& v) {
  return v.systolic > 180 || v.systolic < 90 || v.diastolic > 110 || v.heart_rate > 130 ||
         v.heart_rate < 50 || v.spo2 < 92 || v.respiratory_rate < 8;
}

// One reading a minute over a 40-minute infusion and 20 minutes after it.
std::vector<Vitals> infusion(uint64_t seed, Scenario scenario) {
  VitalsGenerator generator(seed, 1);
  std::vector<Vitals> readings;
  for (int minute = 0; minute < 60; ++minute) {
    readings.push_back(generator.next(scenario, minute / 40.0));
  }
  return readings;
}

TEST(Vitals, NormalReadingsStayWithinTheAlertRulesAndMove) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const std::vector<Vitals> readings = infusion(seed, Scenario::kNormal);
    std::set<int> systolic, heart_rate, spo2;
    for (const Vitals& v : readings) {
      EXPECT_FALSE(breaches_a_rule(v))
          << "seed " << seed << " BP " << v.systolic << "/" << v.diastolic << " HR " << v.heart_rate
          << " SpO2 " << v.spo2 << " RR " << v.respiratory_rate;
      EXPECT_LT(v.diastolic, v.systolic);
      EXPECT_EQ(v.mean_pressure, v.diastolic + (v.systolic - v.diastolic + 1) / 3);
      systolic.insert(v.systolic);
      heart_rate.insert(v.heart_rate);
      spo2.insert(v.spo2);
    }
    EXPECT_GE(systolic.size(), 5u) << "seed " << seed;  // never a constant
    EXPECT_GE(heart_rate.size(), 5u) << "seed " << seed;
    EXPECT_GE(spo2.size(), 2u) << "seed " << seed;
  }
}

TEST(Vitals, HypertensionCrossesTheBloodPressureLimitsThenSettles) {
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const std::vector<Vitals> readings = infusion(seed, Scenario::kHypertension);
    const auto highest = std::max_element(readings.begin(), readings.end(),
                                          [](auto& a, auto& b) { return a.systolic < b.systolic; });
    EXPECT_GT(highest->systolic, 180) << "seed " << seed;
    EXPECT_TRUE(std::any_of(readings.begin(), readings.end(),
                            [](const Vitals& v) { return v.diastolic > 110; }));
    EXPECT_LT(readings.front().systolic, 170);
    EXPECT_LT(readings.back().systolic, 170) << "seed " << seed;  // back after the episode
  }
}

TEST(Vitals, Spo2DropsBelowTheLimitThenRecovers) {
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const std::vector<Vitals> readings = infusion(seed, Scenario::kSpo2Drop);
    const auto lowest = std::min_element(readings.begin(), readings.end(),
                                         [](auto& a, auto& b) { return a.spo2 < b.spo2; });
    EXPECT_LT(lowest->spo2, 92) << "seed " << seed;
    EXPECT_GE(lowest->spo2, 80);
    EXPECT_GE(readings.back().spo2, 94) << "seed " << seed;
  }
}

TEST(Vitals, SameSeedSameReadingsAndBedsDiffer) {
  const std::vector<Vitals> a = infusion(42, Scenario::kNormal);
  const std::vector<Vitals> b = infusion(42, Scenario::kNormal);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].systolic, b[i].systolic);
    EXPECT_EQ(a[i].spo2, b[i].spo2);
  }
  int differing = 0;
  for (int bed = 2; bed <= 6; ++bed) {
    VitalsGenerator other(42, bed), first(42, 1);
    if (other.baseline().systolic != first.baseline().systolic ||
        other.baseline().heart_rate != first.baseline().heart_rate) {
      ++differing;
    }
  }
  EXPECT_GE(differing, 4);
}

TEST(Vitals, ExcursionShape) {
  EXPECT_EQ(excursion(kNoInfusion), 0);
  EXPECT_EQ(excursion(0.1), 0);
  EXPECT_NEAR(excursion(0.25), 0.5, 1e-9);
  EXPECT_EQ(excursion(0.5), 1);
  EXPECT_NEAR(excursion(0.725), 0.5, 1e-9);
  EXPECT_EQ(excursion(0.9), 0);
}

}  // namespace
}  // namespace titrate::pump_sim
