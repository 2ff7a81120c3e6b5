#pragma once

#include <string>
#include <string_view>

#include "connectors/auth/jwks.h"

// Verifies the signature of a compact JWS (RFC 7515), the form of a bearer JWT.
namespace titrate::auth {

struct JwsVerification {
  bool ok = false;
  std::string payload;  // the claims JSON text, when ok
  std::string error;    // why not, for error_description: never token bytes
};

inline constexpr const char* kUnknownKid = "unknown kid";  // JwsVerification::error

// Accepts RS256, RS384 (RSA PKCS#1 v1.5), ES256 and ES384 (ECDSA, R || S). Refuses "none",
// every HMAC algorithm (whatever the key: the public-key-as-HMAC-secret confusion), "crit"
// headers, an unknown kid, a key whose type, curve or JWK "alg" does not fit the alg, and a
// signature that does not verify.
JwsVerification verify_jws(std::string_view token, const Jwks& keys);

}  // namespace titrate::auth
