#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "connectors/limits/connection_counter.h"
#include "connectors/limits/refusal_log.h"
#include "connectors/limits/token_bucket.h"
#include "gateway/config/gateway_config.h"

namespace titrate::http {

// Why the HTTP listener refused a request or a connection (the `reason` label of
// titrate_http_refused_total).
enum class Refusal {
  kRateLimit,             // 429: the client's token bucket is empty
  kConnectionsPerClient,  // 429: max_connections_per_client connections already open
  kBodyTooLarge,          // 413: max_body_bytes
  kHeaderLimit,           // 431: max_header_fields, max_header_bytes or POCO's per-field limits
  kSlowClient,            // 408 or closed: headers or body not received within their deadline
  kBadRequest,            // 400: a request POCO could not parse
};
inline constexpr size_t kRefusalKinds = 6;
const char* refusal_label(Refusal kind);

struct HttpRefusalStats {
  std::array<std::atomic<uint64_t>, kRefusalKinds> counts{};
  uint64_t count(Refusal kind) const { return counts[static_cast<size_t>(kind)].load(); }
};

// The abuse limits of one HTTP listener, shared by its connections: the per-client rate limit
// and connection count, and the refusal counters and throttled refusal log.
class HttpLimits {
 public:
  explicit HttpLimits(const config::HttpConfig& config);

  const config::HttpConfig& config() const { return config_; }
  // Takes a token for one request from `client` (an IP address): nullopt when admitted, else
  // the Retry-After seconds.
  std::optional<int> throttle(const std::string& client);
  limits::ConnectionCounter& connections() { return connections_; }
  // Counts a refusal and logs it, at most once per client and kind every few seconds.
  void refused(Refusal kind, const std::string& client, const std::string& detail);
  const HttpRefusalStats& stats() const { return stats_; }

 private:
  config::HttpConfig config_;
  std::optional<limits::ClientRateLimiter> rate_limiter_;
  limits::ConnectionCounter connections_;
  limits::RefusalLog log_;
  HttpRefusalStats stats_;
};

}  // namespace titrate::http
