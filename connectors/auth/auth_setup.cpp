#include "connectors/auth/auth_setup.h"

#include "gateway/config/config_error.h"

namespace titrate::auth {

bool is_loopback(const std::string& bind) {
  return bind.rfind("127.", 0) == 0 || bind == "::1" || bind == "[::1]" || bind == "localhost";
}

std::string effective_auth_mode(const config::GatewayConfig& config, const std::string& flag) {
  if (!flag.empty()) return flag;
  if (!config.auth.mode.empty()) return config.auth.mode;
  return config.http && !is_loopback(config.http->bind) ? "required" : "off";
}

std::shared_ptr<const BearerGuard> make_bearer_guard(const config::GatewayConfig& config,
                                                     const std::string& mode) {
  if (mode != "required") return nullptr;
  const config::AuthConfig& a = config.auth;
  if ((a.jwks_file.empty() && a.jwks_url.empty()) || a.issuer.empty() || a.audience.empty()) {
    const char* why = config.auth.mode == "required" || config.auth.mode.empty()
                          ? "authentication is required (http.bind is not loopback, or --auth "
                            "required): set jwks_file or jwks_url, issuer and audience, or mode "
                            "\"off\""
                          : "--auth required needs jwks_file or jwks_url, issuer and audience";
    throw config::ConfigError(config.file, "/auth", why);
  }
  ClaimRules rules;
  rules.issuer = a.issuer;
  rules.audience = a.audience;
  rules.clock_skew_seconds = a.clock_skew_seconds;
  if (!a.jwks_url.empty()) {
    return std::make_shared<const BearerGuard>(
        std::make_shared<JwksSource>(a.jwks_url, a.jwks_tls, a.jwks_refresh_seconds, config.file),
        rules);
  }
  return std::make_shared<const BearerGuard>(Jwks::load_file(a.jwks_file), rules);
}

}  // namespace titrate::auth
