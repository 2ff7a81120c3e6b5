#pragma once

#include <cstdint>
#include <memory>
#include <string>

typedef struct evp_pkey_st EVP_PKEY;

// The signed JWT a SMART Backend Services client authenticates with at the token endpoint
// (client_assertion, RFC 7523 as profiled by SMART App Launch "Backend Services").
namespace titrate::push {

struct SmartAssertionClaims {
  std::string client_id;  // iss and sub
  std::string audience;   // aud: the token endpoint URL
  std::string key_id;     // header kid (the JWKS entry the EHR verifies with); may be empty
  std::string jti;        // unique per assertion
  int64_t now_seconds = 0;
  int lifetime_seconds = 300;  // exp = now + this; SMART allows at most 5 minutes
};

// Signs assertions with one PEM private key: RS384 (RSA PKCS#1 v1.5, 2048 bits or more) or
// ES384 (EC P-384, the signature as the 96-byte R || S of RFC 7518 §3.4). Signed with OpenSSL
// directly: POCO 1.11.0's JWT Signer drops leading zero bytes of R and S, so about one ES384
// signature in 64 is malformed. sign() is const and may be called from several threads.
class SmartAssertionSigner {
 public:
  // Throws PushAuthError when the file is unreadable, is not a private key of the algorithm's
  // type, or the algorithm is not RS384 / ES384. The message names the file, never key bytes.
  SmartAssertionSigner(const std::string& private_key_file, const std::string& algorithm);
  ~SmartAssertionSigner();
  SmartAssertionSigner(const SmartAssertionSigner&) = delete;
  SmartAssertionSigner& operator=(const SmartAssertionSigner&) = delete;

  // header {alg, kid, typ: JWT}; claims iss = sub = client_id, aud, exp, iat, jti.
  std::string sign(const SmartAssertionClaims& claims) const;
  const std::string& algorithm() const { return algorithm_; }

 private:
  struct KeyDeleter {
    void operator()(EVP_PKEY* key) const;
  };
  std::string algorithm_;
  std::unique_ptr<EVP_PKEY, KeyDeleter> key_;
};

// A fresh random jti (UUID v4 text).
std::string new_assertion_id();

}  // namespace titrate::push
