#include "pump-control/pump_state.h"

#include <gtest/gtest.h>

#include "tests/unit/fake_handler_context.h"

namespace titrate::pump_control {
namespace {

// Counts the state writes, to show which events write nothing.
class CountingContext : public titrate::test::FakeHandlerContext {
 public:
  void put_state(std::string_view space, std::string_view key, std::string value) override {
    ++writes;
    FakeHandlerContext::put_state(space, key, std::move(value));
  }
  int writes = 0;
};

class LearnedDevicesTest : public ::testing::Test {
 protected:
  CountingContext context_;
  PumpState state_{context_};
};

TEST_F(LearnedDevicesTest, ADeviceSeenAgainWritesNothing) {
  state_.learn({"P1", "ICU^1^1", "70049"});
  EXPECT_EQ(context_.writes, 2);  // the device's document and its location's index
  state_.learn({"P1", "ICU^1^1", "70049"});
  state_.learn({"P1", "ICU^1^1", ""});  // an event without a kind keeps the known one
  EXPECT_EQ(context_.writes, 2);
  ASSERT_TRUE(state_.learned_device("P1"));
  EXPECT_EQ(state_.learned_device("P1")->location, "ICU^1^1");
  EXPECT_EQ(state_.learned_device("P1")->device_kind, "70049");
  EXPECT_FALSE(state_.learned_device("P2"));
}

TEST_F(LearnedDevicesTest, TheIndexListsTheDevicesOfALocationInIdOrder) {
  state_.learn({"P2", "ICU^1", ""});
  state_.learn({"P3", "ICU^1", ""});
  state_.learn({"P1", "ICU^1^", ""});  // the same key: trailing empty components do not count
  EXPECT_EQ(state_.devices_at("ICU^1"), (std::vector<std::string>{"P1", "P2", "P3"}));
  EXPECT_TRUE(state_.devices_at("ICU").empty());
}

TEST_F(LearnedDevicesTest, AMoveUpdatesBothIndexEntries) {
  state_.learn({"P1", "ICU^1", "70049"});
  state_.learn({"P2", "ICU^1", "70049"});
  state_.learn({"P1", "ICU^2", ""});
  EXPECT_EQ(state_.devices_at("ICU^1"), std::vector<std::string>{"P2"});
  EXPECT_EQ(state_.devices_at("ICU^2"), std::vector<std::string>{"P1"});
  EXPECT_EQ(state_.learned_device("P1")->location, "ICU^2");
  EXPECT_EQ(state_.learned_device("P1")->device_kind, "70049");
}

TEST_F(LearnedDevicesTest, ANewKindOrAnotherSpellingOfTheKeyLeavesTheIndexAlone) {
  state_.learn({"P1", "ICU^1", "70049"});
  const int before = context_.writes;
  state_.learn({"P1", "ICU^1", "70050"});
  state_.learn({"P1", "ICU^1^", "70050"});
  EXPECT_EQ(context_.writes, before + 2);  // the device's document, twice
  EXPECT_EQ(state_.learned_device("P1")->device_kind, "70050");
  EXPECT_EQ(state_.devices_at("ICU^1"), std::vector<std::string>{"P1"});
}

TEST_F(LearnedDevicesTest, ALocationWithOnlyEmptyComponentsIsNotIndexed) {
  state_.learn({"P1", "^^", ""});
  EXPECT_TRUE(state_.learned_device("P1"));
  EXPECT_TRUE(state_.devices_at("").empty());
  EXPECT_EQ(context_.writes, 1);
}

TEST(LocationKey, DropsTrailingEmptyComponents) {
  EXPECT_EQ(location_key("3W^1^^"), "3W^1");
  EXPECT_EQ(location_key("^3W"), "^3W");
  EXPECT_EQ(location_key("^"), "");
}

}  // namespace
}  // namespace titrate::pump_control
