#pragma once

#include <memory>
#include <string>

#include "connectors/auth/bearer_guard.h"
#include "gateway/config/gateway_config.h"

// Which authentication mode is in force, and the guard it needs.
namespace titrate::auth {

// 127.0.0.0/8, ::1 and localhost.
bool is_loopback(const std::string& bind);

// `flag` (--auth: "off" | "required", empty when absent), else auth.mode, else "required" when
// http.bind is not a loopback address, "off" when it is.
std::string effective_auth_mode(const config::GatewayConfig& config, const std::string& flag);

// nullptr when the mode is "off". Throws config::ConfigError at /auth when "required" lacks
// jwks_file, issuer or audience, or the JWKS file is invalid.
std::shared_ptr<const BearerGuard> make_bearer_guard(const config::GatewayConfig& config,
                                                     const std::string& mode);

}  // namespace titrate::auth
