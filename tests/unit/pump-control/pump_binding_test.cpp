#include "pump-control/pump_binding.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/unit/fake_handler_context.h"

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

// Pump control's state with `devices` learned into it.
struct Learned {
  explicit Learned(const std::vector<LearnedDevice>& devices = {}) {
    for (const LearnedDevice& d : devices) state.learn(d);
  }
  titrate::test::FakeHandlerContext context;
  PumpState state{context};
};

std::optional<std::string> pump_for(const model::DosingPlan& plan,
                                    const std::vector<RegisteredPump>& registry,
                                    const std::vector<LearnedDevice>& learned = {},
                                    const std::function<bool(const std::string&)>& busy = idle) {
  Learned state(learned);
  return bind_pump(plan, registry, state.state, busy);
}

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
  EXPECT_EQ(pump_for(plan_at("3W^302^1", "REG-NOWHERE"), kRegistry), "REG-NOWHERE");
  const std::vector<LearnedDevice> learned{{"LEARNED-1", "ICU^1^1", "70049"}};
  EXPECT_EQ(pump_for(plan_at("3W^302^1", "LEARNED-1"), kRegistry, learned), "LEARNED-1");
}

TEST(BindPump, UnknownOrderDeviceFallsBackToLocation) {
  EXPECT_EQ(pump_for(plan_at("3W^302^1", "UNKNOWN"), kRegistry), "REG-WARD");
}

TEST(BindPump, MostSpecificLocationWins) {
  EXPECT_EQ(pump_for(plan_at("INFUSION^CHAIR3^1"), kRegistry), "REG-CHAIR3-BED1");
  EXPECT_EQ(pump_for(plan_at("INFUSION^CHAIR3^2"), kRegistry), "REG-CHAIR3");
}

TEST(BindPump, IdlePumpPreferredAtTheSameFit) {
  const std::vector<RegisteredPump> two{{"A", PumpKind::kLvp, "3W", ""},
                                        {"B", PumpKind::kLvp, "3W", ""}};
  EXPECT_EQ(pump_for(plan_at("3W^1^1"), two), "A");
  auto a_busy = [](const std::string& id) { return id == "A"; };
  EXPECT_EQ(pump_for(plan_at("3W^1^1"), two, {}, a_busy), "B");
}

TEST(BindPump, LearnedDevicesBindByTheirLocation) {
  const std::vector<LearnedDevice> learned{{"LEARNED-1", "ICU^7^2", "70049"},
                                           {"REG-WARD", "ICU^7^2", "70049"}};
  // REG-WARD is registered: its learned location does not count.
  EXPECT_EQ(pump_for(plan_at("ICU^7^2"), kRegistry, learned), "LEARNED-1");
  // At the same fit, a registered pump wins over a learned one.
  const std::vector<LearnedDevice> at_ward{{"AAA-LEARNED", "3W", "70049"}};
  EXPECT_EQ(pump_for(plan_at("3W^302^1"), kRegistry, at_ward), "REG-WARD");
  // A longer key wins whichever kind of pump has it.
  const std::vector<LearnedDevice> in_infusion{{"AAA-INFUSION", "INFUSION", ""},
                                               {"ZZZ-CHAIR3-BED2", "INFUSION^CHAIR3^2", ""}};
  EXPECT_EQ(pump_for(plan_at("INFUSION^CHAIR3^1"), kRegistry, in_infusion), "REG-CHAIR3-BED1");
  EXPECT_EQ(pump_for(plan_at("INFUSION^CHAIR3^2"), kRegistry, in_infusion), "ZZZ-CHAIR3-BED2");
  EXPECT_EQ(pump_for(plan_at("INFUSION^CHAIR4"), kRegistry, in_infusion), "AAA-INFUSION");
}

TEST(BindPump, LearnedDevicesFitByWholeComponentPrefixes) {
  const std::vector<LearnedDevice> learned{{"AT-ICU", "ICU", ""},
                                           {"AT-ICU7", "ICU^7", ""},
                                           {"AT-ICU7-2", "ICU^7^2^", ""},
                                           {"AT-ICU70", "ICU^70", ""}};
  EXPECT_EQ(pump_for(plan_at("ICU^7^2"), {}, learned), "AT-ICU7-2");
  EXPECT_EQ(pump_for(plan_at("ICU^7^2^^"), {}, learned), "AT-ICU7-2");
  EXPECT_EQ(pump_for(plan_at("ICU^7^3"), {}, learned), "AT-ICU7");
  EXPECT_EQ(pump_for(plan_at("ICU^70^1"), {}, learned), "AT-ICU70");
  EXPECT_EQ(pump_for(plan_at("ICU^8"), {}, learned), "AT-ICU");
  EXPECT_FALSE(pump_for(plan_at("IC"), {}, learned));
  EXPECT_FALSE(pump_for(plan_at("ICUX^7"), {}, learned));
}

TEST(BindPump, EmptyInnerComponentsCountLikeOthers) {
  const std::vector<RegisteredPump> ward{{"REG-A", PumpKind::kLvp, "A", ""}};
  const std::vector<LearnedDevice> learned{{"LEARNED-A-C", "A^^C", ""}};
  EXPECT_EQ(location_fit("A^^C", "A^^C^1"), 3);
  EXPECT_EQ(pump_for(plan_at("A^^C^1"), ward, learned), "LEARNED-A-C");
  EXPECT_EQ(pump_for(plan_at("A^^D"), ward, learned), "REG-A");
}

TEST(BindPump, LearnedPumpsAtOneLocationPreferIdleThenSmallerId) {
  const std::vector<LearnedDevice> learned{{"P2", "ICU^1", ""}, {"P1", "ICU^1", ""}};
  EXPECT_EQ(pump_for(plan_at("ICU^1^1"), {}, learned), "P1");
  auto p1_busy = [](const std::string& id) { return id == "P1"; };
  EXPECT_EQ(pump_for(plan_at("ICU^1^1"), {}, learned, p1_busy), "P2");
}

TEST(BindPump, AMovedPumpBindsAtItsNewLocationOnly) {
  const std::vector<LearnedDevice> learned{{"MOVER", "ICU^1", ""}, {"MOVER", "ICU^2", ""}};
  EXPECT_FALSE(pump_for(plan_at("ICU^1^1"), {}, learned));
  EXPECT_EQ(pump_for(plan_at("ICU^2^1"), {}, learned), "MOVER");
}

TEST(BindPump, NoneWhenNothingFits) {
  EXPECT_FALSE(pump_for(plan_at("ONCOLOGY^1^1"), kRegistry));
  EXPECT_FALSE(pump_for(plan_at(""), kRegistry));
}

}  // namespace
}  // namespace titrate::pump_control
