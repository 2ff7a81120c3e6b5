#include "pump-control/vital_signs.h"

#include <gtest/gtest.h>

#include "pump_events_support.h"

namespace titrate::pump_control {
namespace {

using namespace test;

model::DeviceReading reading(const char* mdc, const char* value, const char* unit) {
  model::DeviceReading r;
  r.code.codings.push_back({std::string(kMdc), mdc, ""});
  r.value = q(value, unit);
  return r;
}

model::PumpEvent vitals(std::vector<model::DeviceReading> readings) {
  model::PumpEvent e = pump_event(model::PumpEventKind::kVitals, at(0), "m1");
  e.device = "MONITOR-1";
  e.device_kind = "69965";
  e.readings = std::move(readings);
  return e;
}

TEST(VitalSigns, BloodPressureIsOnePanel) {
  const auto obs = vital_observations(
      vitals({reading("150021", "117", "mm[Hg]"), reading("150022", "82", "mm[Hg]"),
              reading("150023", "90", "mm[Hg]"), reading("147842", "80", "/min")}),
      "j1/pcd/0");
  ASSERT_EQ(obs.size(), 3u);
  EXPECT_EQ(obs[0].observation_id, "j1/pcd/0/vital/85354-9");
  EXPECT_EQ(obs[0].category, "vital-signs");
  EXPECT_EQ(obs[0].code.codings[0].code, "85354-9");
  EXPECT_FALSE(obs[0].value);
  ASSERT_EQ(obs[0].components.size(), 2u);
  EXPECT_EQ(obs[0].components[0].code.codings[0].code, "8480-6");
  EXPECT_EQ(obs[0].components[0].code.codings[1].code, "150021");
  EXPECT_EQ(obs[0].components[1].code.codings[0].code, "8462-4");
  EXPECT_EQ(obs[0].components[1].value.unit, "mm[Hg]");
  EXPECT_EQ(obs[1].code.codings[0].code, "8478-0");
  EXPECT_EQ(obs[2].code.codings[0].code, "8867-4");
  EXPECT_EQ(obs[2].code.codings[1].code, "147842");
  EXPECT_EQ(obs[2].code.codings[1].system, kMdc);
  EXPECT_EQ(obs[2].source_event_id, "j1/pcd/0");
}

TEST(VitalSigns, SpO2CarriesBothLoincCodesThenMdc) {
  const auto obs = vital_observations(vitals({reading("150456", "97", "%")}), "e");
  ASSERT_EQ(obs.size(), 1u);
  ASSERT_EQ(obs[0].code.codings.size(), 3u);
  EXPECT_EQ(obs[0].code.codings[0].code, "59408-5");
  EXPECT_EQ(obs[0].code.codings[1].code, "2708-6");
  EXPECT_EQ(obs[0].code.codings[2].code, "150456");
  EXPECT_EQ(obs[0].value->value.to_string(), "97");
}

TEST(VitalSigns, PulseRateAndRespiratoryRate) {
  const auto obs =
      vital_observations(vitals({reading("149546", "72", "/min"), reading("151562", "14", "/min"),
                                 reading("147232", "360", "ms")}),
                         "e");
  ASSERT_EQ(obs.size(), 2u);  // the QT interval is not a vital sign
  EXPECT_EQ(obs[0].code.codings[0].code, "8867-4");
  EXPECT_EQ(obs[0].code.codings[1].code, "149546");
  EXPECT_EQ(obs[1].code.codings[0].code, "9279-1");
}

TEST(VitalSigns, TwoReadingsOfOneSignKeepDistinctIds) {
  const auto obs = vital_observations(
      vitals({reading("147842", "72", "/min"), reading("149546", "73", "/min")}), "e");
  ASSERT_EQ(obs.size(), 2u);
  EXPECT_EQ(obs[0].observation_id, "e/vital/8867-4");
  EXPECT_EQ(obs[1].observation_id, "e/vital/8867-4/1");
}

TEST(VitalSigns, ReadingsCodedWithLoincAreRecognised) {
  model::DeviceReading r;
  r.code.codings.push_back({"http://loinc.org", "8480-6", ""});
  r.value = q("120", "mm[Hg]");
  EXPECT_EQ(vital_sign_of(r), VitalSign::kSystolic);
}

// Each rule at its threshold, just beyond it, and on the safe side.
struct Boundary {
  const char* rule;
  const char* mdc;
  const char* unit;
  const char* at;
  const char* beyond;
};

class VitalRuleBoundary : public ::testing::TestWithParam<Boundary> {};

TEST_P(VitalRuleBoundary, EqualIsWithinBeyondBreaches) {
  const Boundary b = GetParam();
  const PumpControlConfig config = default_pump_control_config();
  auto breached = [&](const char* value) {
    for (const RuleCheck& c :
         check_vital_rules(config.vitals, vitals({reading(b.mdc, value, b.unit)}))) {
      if (c.rule->name == b.rule) return c.breached;
    }
    ADD_FAILURE() << "rule " << b.rule << " not evaluated";
    return false;
  };
  EXPECT_FALSE(breached(b.at)) << b.rule << " at " << b.at;
  EXPECT_TRUE(breached(b.beyond)) << b.rule << " at " << b.beyond;
}

INSTANTIATE_TEST_SUITE_P(
    Defaults, VitalRuleBoundary,
    ::testing::Values(Boundary{"systolic_high", "150021", "mm[Hg]", "180", "181"},
                      Boundary{"systolic_low", "150021", "mm[Hg]", "90", "89"},
                      Boundary{"diastolic_high", "150022", "mm[Hg]", "110", "110.5"},
                      Boundary{"heart_rate_high", "147842", "/min", "130", "131"},
                      Boundary{"heart_rate_high", "149546", "/min", "130", "131"},
                      Boundary{"heart_rate_low", "147842", "/min", "50", "49"},
                      Boundary{"spo2_low", "150456", "%", "92", "91.9"},
                      Boundary{"respiratory_rate_low", "151562", "/min", "8", "7"}));

TEST(VitalRules, DisabledRulesAndOtherUnitsAreSkipped) {
  PumpControlConfig config = default_pump_control_config();
  for (VitalRule& r : config.vitals) r.enabled = r.name != "spo2_low";
  for (const RuleCheck& c :
       check_vital_rules(config.vitals, vitals({reading("150456", "80", "%")}))) {
    EXPECT_NE(c.rule->name, "spo2_low");
  }
  config = default_pump_control_config();
  EXPECT_TRUE(check_vital_rules(config.vitals, vitals({reading("150021", "300", "kg")})).empty());
}

}  // namespace
}  // namespace titrate::pump_control
