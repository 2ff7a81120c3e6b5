#pragma once

#include <memory>
#include <string>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

// The public keys bearer tokens are verified with: a JSON Web Key Set (RFC 7517) holding RSA
// (n, e) and EC P-256 / P-384 (x, y) signature keys, as the hospital's authorization server
// publishes it.
namespace titrate::auth {

struct VerificationKey {
  std::string kid;
  std::string kty;    // "RSA" | "EC"
  std::string curve;  // EC: "P-256" | "P-384"
  std::string alg;    // the JWK's "alg" when it names one; a token must then use exactly it
  std::shared_ptr<EVP_PKEY> key;
};

class Jwks {
 public:
  // Throws config::ConfigError naming the file and the JSON pointer of a bad key. Keys whose
  // "use" is not "sig" are skipped; symmetric ("oct") keys are refused.
  static Jwks load_file(const std::string& file);
  static Jwks parse(const std::string& json, const std::string& source);

  // The key with this kid; with an empty kid, the only key of a one-key set. nullptr otherwise.
  const VerificationKey* find(const std::string& kid) const;
  size_t size() const { return keys_.size(); }

 private:
  std::vector<VerificationKey> keys_;
};

}  // namespace titrate::auth
