#include "connectors/http/http_limits.h"

#include "gateway/log/log.h"

namespace titrate::http {

const char* refusal_label(Refusal kind) {
  switch (kind) {
    case Refusal::kRateLimit:
      return "rate_limit";
    case Refusal::kConnectionsPerClient:
      return "max_connections_per_client";
    case Refusal::kBodyTooLarge:
      return "body_too_large";
    case Refusal::kHeaderLimit:
      return "header_limit";
    case Refusal::kSlowClient:
      return "slow_client";
    case Refusal::kBadRequest:
      return "bad_request";
  }
  return "unknown";
}

HttpLimits::HttpLimits(const config::HttpConfig& config) : config_(config) {
  if (config.rate_limit.enabled()) {
    rate_limiter_.emplace(static_cast<double>(config.rate_limit.per_second),
                          static_cast<double>(config.rate_limit.burst));
  }
}

std::optional<int> HttpLimits::throttle(const std::string& client) {
  if (!rate_limiter_) return std::nullopt;
  const limits::ClientRateLimiter::Decision decision =
      rate_limiter_->take(client, limits::monotonic_us());
  if (decision.allowed) return std::nullopt;
  return decision.retry_after_seconds;
}

void HttpLimits::refused(Refusal kind, const std::string& client, const std::string& detail) {
  ++stats_.counts[static_cast<size_t>(kind)];
  uint64_t suppressed = 0;
  const char* label = refusal_label(kind);
  if (!log_.should_log(client + ' ' + label, limits::monotonic_us(), suppressed)) return;
  TITRATE_LOG_WARN("http: refused %s from %s: %s%s", label, client.c_str(), detail.c_str(),
                   limits::suppressed_note(suppressed).c_str());
}

}  // namespace titrate::http
