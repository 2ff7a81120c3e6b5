#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace titrate::limits {

// Microseconds on a monotonic clock; callers pass the time so tests can inject it.
int64_t monotonic_us();

// A token bucket: refills at `per_second` tokens a second up to `burst`, starts full, and each
// admitted event takes one token (the shape of Envoy's local rate limit).
class TokenBucket {
 public:
  TokenBucket(double per_second, double burst, int64_t now_us);

  bool try_take(int64_t now_us);
  // Whole seconds (at least 1) until a token is available: the Retry-After of a refusal.
  int retry_after_seconds(int64_t now_us);
  // True when the bucket has refilled completely: forgetting it changes nothing.
  bool full(int64_t now_us) const;

 private:
  void refill(int64_t now_us);

  double per_second_;
  double burst_;
  double tokens_;
  int64_t last_us_;
};

// One token bucket per client key (an IP address). Buckets that have refilled are forgotten
// from time to time, so the map holds only clients active in the last few seconds; past
// max_clients every further client shares one overflow bucket.
class ClientRateLimiter {
 public:
  ClientRateLimiter(double per_second, double burst, size_t max_clients = 100000);

  struct Decision {
    bool allowed = true;
    int retry_after_seconds = 0;  // when refused
  };
  Decision take(const std::string& client, int64_t now_us);
  size_t tracked_clients();

 private:
  void sweep(int64_t now_us);

  double per_second_;
  double burst_;
  size_t max_clients_;
  std::mutex mutex_;
  std::unordered_map<std::string, TokenBucket> buckets_;
  TokenBucket overflow_;
  int64_t last_sweep_us_ = 0;
};

}  // namespace titrate::limits
