#include "connectors/limits/token_bucket.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace titrate::limits {
namespace {

constexpr int64_t kSweepIntervalUs = 10'000'000;

}  // namespace

int64_t monotonic_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

TokenBucket::TokenBucket(double per_second, double burst, int64_t now_us)
    : per_second_(per_second), burst_(std::max(1.0, burst)), tokens_(burst_), last_us_(now_us) {}

void TokenBucket::refill(int64_t now_us) {
  if (now_us <= last_us_) return;
  tokens_ = std::min(burst_, tokens_ + per_second_ * static_cast<double>(now_us - last_us_) / 1e6);
  last_us_ = now_us;
}

bool TokenBucket::try_take(int64_t now_us) {
  refill(now_us);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

int TokenBucket::retry_after_seconds(int64_t now_us) {
  refill(now_us);
  if (tokens_ >= 1.0 || per_second_ <= 0) return 1;
  return std::max(1, static_cast<int>(std::ceil((1.0 - tokens_) / per_second_)));
}

bool TokenBucket::full(int64_t now_us) const {
  const double elapsed = static_cast<double>(std::max<int64_t>(0, now_us - last_us_)) / 1e6;
  return tokens_ + per_second_ * elapsed >= burst_;
}

ClientRateLimiter::ClientRateLimiter(double per_second, double burst, size_t max_clients)
    : per_second_(per_second),
      burst_(burst),
      max_clients_(std::max<size_t>(1, max_clients)),
      overflow_(per_second, burst, 0) {}

void ClientRateLimiter::sweep(int64_t now_us) {
  last_sweep_us_ = now_us;
  std::erase_if(buckets_, [now_us](auto& entry) { return entry.second.full(now_us); });
}

ClientRateLimiter::Decision ClientRateLimiter::take(const std::string& client, int64_t now_us) {
  std::lock_guard lock(mutex_);
  if (now_us - last_sweep_us_ >= kSweepIntervalUs) sweep(now_us);
  auto it = buckets_.find(client);
  if (it == buckets_.end() && buckets_.size() >= max_clients_) {
    sweep(now_us);
    it = buckets_.find(client);
  }
  TokenBucket* bucket = &overflow_;
  if (it != buckets_.end()) {
    bucket = &it->second;
  } else if (buckets_.size() < max_clients_) {
    bucket = &buckets_.try_emplace(client, per_second_, burst_, now_us).first->second;
  }
  Decision decision;
  decision.allowed = bucket->try_take(now_us);
  if (!decision.allowed) decision.retry_after_seconds = bucket->retry_after_seconds(now_us);
  return decision;
}

size_t ClientRateLimiter::tracked_clients() {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace titrate::limits
