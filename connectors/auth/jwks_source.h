#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "connectors/auth/jwks.h"
#include "gateway/config/gateway_config.h"

// Where the bearer guard's keys come from: a JWKS file, read once, or the authorization
// server's JWKS endpoint, fetched at start-up, again every refresh interval, and at once when a
// token names a kid the set lacks (at most every kMinRefetchSeconds, so forged kids cannot make
// the gateway hammer the endpoint). A key rotation at the authorization server thus needs no
// restart. A failed refresh keeps the keys in force and is logged.
namespace titrate::auth {

class JwksSource {
 public:
  static constexpr int kMinRefetchSeconds = 10;

  explicit JwksSource(Jwks keys);
  // Fetches the set once: throws config::ConfigError naming /auth/jwks_url when the endpoint
  // cannot be reached or its answer is not a valid JWKS. Then refreshes in the background.
  JwksSource(std::string url, std::optional<config::TlsConfig> tls, int refresh_seconds,
             const std::string& config_file);
  ~JwksSource();
  JwksSource(const JwksSource&) = delete;
  JwksSource& operator=(const JwksSource&) = delete;

  std::shared_ptr<const Jwks> keys() const;
  // The keys after fetching again when the last fetch is older than kMinRefetchSeconds: for a
  // token whose kid the current set lacks. A file source returns its keys.
  std::shared_ptr<const Jwks> refetch_for_unknown_kid();

 private:
  std::shared_ptr<const Jwks> fetch() const;  // throws std::runtime_error
  bool refresh(const char* why);
  void run(int refresh_seconds);

  std::string url_;
  std::optional<config::TlsConfig> tls_;
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::shared_ptr<const Jwks> keys_;
  int64_t fetched_at_s_ = 0;
  std::mutex fetch_mutex_;  // one fetch at a time
  std::thread refresher_;
};

}  // namespace titrate::auth
