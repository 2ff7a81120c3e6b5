#include "pump-control/pump_binding.h"

#include <gtest/gtest.h>

#include <set>

namespace titrate::pump_control {
namespace {

model::DosingPlan plan_at(const std::string& location, const std::string& device = "") {
  model::DosingPlan p;
  p.plan_id = "p1";
  p.location = location;
  p.device = device;
  return p;
}

const std::vector<RegisteredPump> kRegistry{
    {"REG-CHAIR3", PumpKind::kLvp, "INFUSION^CHAIR3", "chair 3"},
    {"REG-CHAIR3-BED1", PumpKind::kSyringe, "INFUSION^CHAIR3^1", "chair 3 bed 1"},
    {"REG-WARD", PumpKind::kLvp, "3W", "ward pool"},
    {"REG-NOWHERE", PumpKind::kLvp, "", "unbound"},
};

auto idle = [](const std::string&) { return false; };

TEST(LocationFit, WholeComponentPrefixes) {
  EXPECT_EQ(location_fit("INFUSION^CHAIR3", "INFUSION^CHAIR3^1"), 2);
  EXPECT_EQ(location_fit("INFUSION^CHAIR3^1", "INFUSION^CHAIR3^1"), 3);
  EXPECT_EQ(location_fit("INFUSION^CHAIR3^", "INFUSION^CHAIR3"), 2);
  EXPECT_EQ(location_fit("INFUSION^CHAIR", "INFUSION^CHAIR3^1"), 0);
  EXPECT_EQ(location_fit("INFUSION^CHAIR3^1", "INFUSION^CHAIR3"), 0);
  EXPECT_EQ(location_fit("", "INFUSION^CHAIR3"), 0);
  EXPECT_EQ(location_fit("3W", ""), 0);
}

TEST(BindPump, OrderDeviceWhenRegisteredOrLearned) {
  EXPECT_EQ(bind_pump(plan_at("3W^302^1", "REG-NOWHERE"), kRegistry, {}, idle), "REG-NOWHERE");
  const std::vector<LearnedDevice> learned{{"LEARNED-1", "ICU^1^1", "70049"}};
  EXPECT_EQ(bind_pump(plan_at("3W^302^1", "LEARNED-1"), kRegistry, learned, idle), "LEARNED-1");
}

TEST(BindPump, UnknownOrderDeviceFallsBackToLocation) {
  EXPECT_EQ(bind_pump(plan_at("3W^302^1", "UNKNOWN"), kRegistry, {}, idle), "REG-WARD");
}

TEST(BindPump, MostSpecificLocationWins) {
  EXPECT_EQ(bind_pump(plan_at("INFUSION^CHAIR3^1"), kRegistry, {}, idle), "REG-CHAIR3-BED1");
  EXPECT_EQ(bind_pump(plan_at("INFUSION^CHAIR3^2"), kRegistry, {}, idle), "REG-CHAIR3");
}

TEST(BindPump, IdlePumpPreferredAtTheSameFit) {
  const std::vector<RegisteredPump> two{{"A", PumpKind::kLvp, "3W", ""},
                                        {"B", PumpKind::kLvp, "3W", ""}};
  EXPECT_EQ(bind_pump(plan_at("3W^1^1"), two, {}, idle), "A");
  auto a_busy = [](const std::string& id) { return id == "A"; };
  EXPECT_EQ(bind_pump(plan_at("3W^1^1"), two, {}, a_busy), "B");
}

TEST(BindPump, LearnedDevicesBindByTheirLocation) {
  const std::vector<LearnedDevice> learned{{"LEARNED-1", "ICU^7^2", "70049"},
                                           {"REG-WARD", "ICU^7^2", "70049"}};
  // REG-WARD is registered: its learned location does not count.
  EXPECT_EQ(bind_pump(plan_at("ICU^7^2"), kRegistry, learned, idle), "LEARNED-1");
  // At the same fit, a registered pump wins over a learned one.
  const std::vector<LearnedDevice> at_ward{{"AAA-LEARNED", "3W", "70049"}};
  EXPECT_EQ(bind_pump(plan_at("3W^302^1"), kRegistry, at_ward, idle), "REG-WARD");
}

TEST(BindPump, NoneWhenNothingFits) {
  EXPECT_FALSE(bind_pump(plan_at("ONCOLOGY^1^1"), kRegistry, {}, idle));
  EXPECT_FALSE(bind_pump(plan_at(""), kRegistry, {}, idle));
}

}  // namespace
}  // namespace titrate::pump_control
