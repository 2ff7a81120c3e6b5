#pragma once

#include <cstdint>
#include <string>

// The registered claims of a bearer JWT (RFC 7519 §4.1) checked against the gateway's config.
namespace titrate::auth {

struct ClaimRules {
  std::string issuer;    // iss must equal it
  std::string audience;  // aud (a string, or an array) must contain it
  int64_t clock_skew_seconds = 60;
};

struct TokenClaims {
  std::string client;  // client_id, else azp, else sub: who is calling
  std::string scope;   // space-separated (the "scope" string, or a "scp" array joined)
};

struct ClaimCheck {
  bool ok = false;
  std::string error;
  TokenClaims claims;
};

// exp is required; exp <= now - skew, nbf > now + skew, a wrong iss or aud are refused.
ClaimCheck check_claims(const std::string& payload_json, const ClaimRules& rules,
                        int64_t now_seconds);

}  // namespace titrate::auth
