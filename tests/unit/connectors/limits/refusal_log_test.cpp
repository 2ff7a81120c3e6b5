#include "connectors/limits/refusal_log.h"

#include <gtest/gtest.h>

#include "connectors/limits/connection_counter.h"

namespace titrate::limits {
namespace {

constexpr int64_t kSecond = 1'000'000;

TEST(RefusalLogTest, OneLinePerKeyPerIntervalWithTheCountLeftUnsaid) {
  RefusalLog log(5 * kSecond);
  uint64_t suppressed = 99;
  EXPECT_TRUE(log.should_log("10.0.0.1 rate_limit", 0, suppressed));
  EXPECT_EQ(suppressed, 0u);
  for (int i = 0; i < 7; ++i)
    EXPECT_FALSE(log.should_log("10.0.0.1 rate_limit", kSecond, suppressed));
  EXPECT_TRUE(log.should_log("10.0.0.2 rate_limit", kSecond, suppressed));   // another client
  EXPECT_TRUE(log.should_log("10.0.0.1 slow_client", kSecond, suppressed));  // another reason
  EXPECT_TRUE(log.should_log("10.0.0.1 rate_limit", 5 * kSecond, suppressed));
  EXPECT_EQ(suppressed, 7u);
  EXPECT_EQ(suppressed_note(7), " (7 more like this from this address since the last line)");
  EXPECT_EQ(suppressed_note(0), "");
}

TEST(ConnectionCounterTest, CapsEachClientAndReleasesSlots) {
  ConnectionCounter counter;
  {
    ConnectionSlot a(counter, "10.0.0.1", 2);
    ConnectionSlot b(counter, "10.0.0.1", 2);
    ConnectionSlot c(counter, "10.0.0.1", 2);
    ConnectionSlot other(counter, "10.0.0.2", 2);
    EXPECT_TRUE(a.held());
    EXPECT_TRUE(b.held());
    EXPECT_FALSE(c.held());
    EXPECT_TRUE(other.held());
    EXPECT_EQ(counter.open("10.0.0.1"), 2u);
  }
  EXPECT_EQ(counter.open("10.0.0.1"), 0u);
  ConnectionSlot uncapped(counter, "10.0.0.1", 0);  // max 0: counted, never refused
  EXPECT_TRUE(uncapped.held());
  EXPECT_EQ(counter.open("10.0.0.1"), 1u);
}

}  // namespace
}  // namespace titrate::limits
