#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/push/access_token.h"
#include "gateway/config/gateway_config.h"

// Bearer tokens from a SMART Backend Services token endpoint (client-credentials grant with a
// signed JWT client assertion: RS384 or ES384).
namespace titrate::push {

class SmartAssertionSigner;

// token() POSTs application/x-www-form-urlencoded grant_type=client_credentials, scope,
// client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer and
// client_assertion (a fresh JWT: iss = sub = client_id, aud = token_url, exp = now + 300 s,
// unique jti, header alg / kid / typ JWT) to auth.token_url (https with `tls`: its CA and
// client certificate; the system CAs without), and caches the access_token until 30 s before
// its expires_in (300 s when the answer has none). token(true) drops the cached token and
// fetches a new one. Thread-safe: one fetch at a time.
//
// Errors are PushAuthError naming the endpoint (without its query), the HTTP status and the
// OAuth error code; never the token, the assertion or the key.
class SmartBackendTokenSource : public AccessTokenSource {
 public:
  using Clock = std::function<int64_t()>;  // seconds since the Unix epoch

  // Reads the private key now: throws PushAuthError when it is unreadable or does not fit the
  // algorithm, or when token_url / client_id are missing.
  SmartBackendTokenSource(const config::PushAuthConfig& auth, std::optional<config::TlsConfig> tls,
                          int timeout_seconds = 10, Clock clock = {});
  ~SmartBackendTokenSource() override;

  std::string token(bool refresh) override;

 private:
  std::string fetch(int64_t now);

  config::PushAuthConfig auth_;
  std::optional<config::TlsConfig> tls_;
  int timeout_seconds_;
  Clock clock_;
  std::string endpoint_;  // for messages: scheme://host:port/path
  std::unique_ptr<SmartAssertionSigner> signer_;
  std::mutex mutex_;
  std::string cached_;
  int64_t cached_until_ = 0;  // the cached token is used while now < this
};

}  // namespace titrate::push
