#pragma once

#include <cstdint>
#include <memory>
#include <string>

typedef struct evp_pkey_st EVP_PKEY;

// Keys generated in-process with OpenSSL, their JWKs, and JWTs signed with them: what the
// hospital's authorization server would publish and issue.
namespace titrate::auth::test {

using Key = std::shared_ptr<EVP_PKEY>;

Key generate_rsa_key();
Key generate_ec_key(const char* curve);  // "P-256" | "P-384"

// {"kty":"RSA","kid":...,"n":...,"e":...} or {"kty":"EC","crv":...,"x":...,"y":...}
std::string jwk(EVP_PKEY* key, const std::string& kid);
// {"keys":[a, b]} from JWK texts (b may be empty).
std::string jwks(const std::string& a, const std::string& b = "");

// header.payload.signature with the header {"alg","kid","typ":"JWT"}; RS* / ES* signed with
// `key`, ES* as R || S.
std::string sign_token(const std::string& alg, const std::string& kid,
                       const std::string& claims_json, EVP_PKEY* key);
// An HS384 token keyed with `secret` (e.g. the RSA public key's PEM).
std::string hmac_token(const std::string& kid, const std::string& claims_json,
                       const std::string& secret);
// The public key as SubjectPublicKeyInfo PEM.
std::string public_pem(EVP_PKEY* key);

// {"iss","aud","exp","nbf","scope","client_id"} (nbf omitted when 0).
std::string claims(const std::string& iss, const std::string& aud, int64_t exp, int64_t nbf,
                   const std::string& scope);

}  // namespace titrate::auth::test
