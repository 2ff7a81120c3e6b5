#include "gateway/bus/backoff.h"

#include <gtest/gtest.h>

namespace titrate::bus {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesAfterEachFailureUpToTheMaximum) {
  EXPECT_EQ(backoff_delay(milliseconds(100), milliseconds(1000), 1), milliseconds(100));
  EXPECT_EQ(backoff_delay(milliseconds(100), milliseconds(1000), 2), milliseconds(200));
  EXPECT_EQ(backoff_delay(milliseconds(100), milliseconds(1000), 4), milliseconds(800));
  EXPECT_EQ(backoff_delay(milliseconds(100), milliseconds(1000), 5), milliseconds(1000));
  EXPECT_EQ(backoff_delay(milliseconds(100), milliseconds(1000), 1'000'000), milliseconds(1000));
  EXPECT_EQ(backoff_delay(milliseconds(5000), milliseconds(1000), 1), milliseconds(1000));
}

}  // namespace
}  // namespace titrate::bus
