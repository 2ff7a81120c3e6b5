#include "connectors/limits/token_bucket.h"

#include <gtest/gtest.h>

namespace titrate::limits {
namespace {

constexpr int64_t kSecond = 1'000'000;

TEST(TokenBucketTest, StartsFullAndRefusesPastTheBurst) {
  TokenBucket bucket(2, 3, 0);
  EXPECT_TRUE(bucket.try_take(0));
  EXPECT_TRUE(bucket.try_take(0));
  EXPECT_TRUE(bucket.try_take(0));
  EXPECT_FALSE(bucket.try_take(0));
  EXPECT_FALSE(bucket.try_take(0));
}

TEST(TokenBucketTest, RefillsAtTheRateAndNeverPastTheBurst) {
  TokenBucket bucket(2, 3, 0);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(bucket.try_take(0));
  EXPECT_FALSE(bucket.try_take(kSecond / 4));  // half a token
  EXPECT_TRUE(bucket.try_take(kSecond / 2));   // one token after 0.5 s at 2/s
  EXPECT_FALSE(bucket.try_take(kSecond / 2));
  // A long pause refills to the burst, not beyond.
  EXPECT_TRUE(bucket.full(100 * kSecond));
  int taken = 0;
  while (bucket.try_take(100 * kSecond)) ++taken;
  EXPECT_EQ(taken, 3);
}

TEST(TokenBucketTest, RetryAfterIsTheWaitForOneToken) {
  TokenBucket slow(0.25, 1, 0);  // one token every 4 s
  ASSERT_TRUE(slow.try_take(0));
  EXPECT_EQ(slow.retry_after_seconds(0), 4);
  EXPECT_EQ(slow.retry_after_seconds(3 * kSecond), 1);
  TokenBucket fast(100, 1, 0);
  ASSERT_TRUE(fast.try_take(0));
  EXPECT_EQ(fast.retry_after_seconds(0), 1);  // never below one second
}

TEST(TokenBucketTest, AClockGoingBackwardsAddsNothing) {
  TokenBucket bucket(1, 1, 10 * kSecond);
  ASSERT_TRUE(bucket.try_take(10 * kSecond));
  EXPECT_FALSE(bucket.try_take(5 * kSecond));
  EXPECT_TRUE(bucket.try_take(11 * kSecond));
}

TEST(ClientRateLimiterTest, EachClientHasItsOwnBucket) {
  ClientRateLimiter limiter(1, 2);
  EXPECT_TRUE(limiter.take("10.0.0.1", 0).allowed);
  EXPECT_TRUE(limiter.take("10.0.0.1", 0).allowed);
  const ClientRateLimiter::Decision refused = limiter.take("10.0.0.1", 0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_TRUE(limiter.take("10.0.0.2", 0).allowed);
  EXPECT_TRUE(limiter.take("10.0.0.1", kSecond).allowed);
}

TEST(ClientRateLimiterTest, RefilledBucketsAreForgotten) {
  ClientRateLimiter limiter(1, 2);
  for (int i = 0; i < 50; ++i) limiter.take("10.0.1." + std::to_string(i), 0);
  EXPECT_EQ(limiter.tracked_clients(), 50u);
  // Eleven seconds later every bucket is full again: the next take sweeps them away.
  limiter.take("10.0.2.1", 11 * kSecond);
  EXPECT_EQ(limiter.tracked_clients(), 1u);
}

TEST(ClientRateLimiterTest, PastMaxClientsNewClientsShareOneBucket) {
  ClientRateLimiter limiter(1, 1, /*max_clients=*/2);
  EXPECT_TRUE(limiter.take("a", 0).allowed);
  EXPECT_TRUE(limiter.take("b", 0).allowed);
  EXPECT_TRUE(limiter.take("c", 0).allowed);   // the overflow bucket
  EXPECT_FALSE(limiter.take("d", 0).allowed);  // shares it with c
  EXPECT_EQ(limiter.tracked_clients(), 2u);
}

}  // namespace
}  // namespace titrate::limits
