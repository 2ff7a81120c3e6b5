#include "connectors/push/smart_client_assertion.h"

#include <Poco/UUIDGenerator.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "connectors/jwt/base64url.h"
#include "connectors/push/access_token.h"

namespace titrate::push {
namespace {

using jwt::append_base64url;

constexpr size_t kEs384CoordinateBytes = 48;

std::string header_json(const std::string& algorithm, const std::string& key_id) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("alg");
  w.String(algorithm.c_str());
  if (!key_id.empty()) {
    w.Key("kid");
    w.String(key_id.c_str(), static_cast<rapidjson::SizeType>(key_id.size()));
  }
  w.Key("typ");
  w.String("JWT");
  w.EndObject();
  return buffer.GetString();
}

std::string claims_json(const SmartAssertionClaims& c) {
  const int lifetime = std::clamp(c.lifetime_seconds, 1, 300);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto string = [&](const char* name, const std::string& value) {
    w.Key(name);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  string("iss", c.client_id);
  string("sub", c.client_id);
  string("aud", c.audience);
  w.Key("exp");
  w.Int64(c.now_seconds + lifetime);
  w.Key("iat");
  w.Int64(c.now_seconds);
  string("jti", c.jti);
  w.EndObject();
  return buffer.GetString();
}

// An ECDSA DER signature as R || S, each left-padded to `size` bytes.
std::string der_to_jose(const std::string& der, size_t size) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (sig == nullptr) throw PushAuthError("unreadable ECDSA signature");
  std::string out(2 * size, '\0');
  auto* raw = reinterpret_cast<unsigned char*>(out.data());
  const bool ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, static_cast<int>(size)) > 0 &&
                  BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + size, static_cast<int>(size)) > 0;
  ECDSA_SIG_free(sig);
  if (!ok) throw PushAuthError("ECDSA signature does not fit the curve");
  return out;
}

}  // namespace

void SmartAssertionSigner::KeyDeleter::operator()(EVP_PKEY* key) const {
  EVP_PKEY_free(key);
}

SmartAssertionSigner::SmartAssertionSigner(const std::string& private_key_file,
                                           const std::string& algorithm)
    : algorithm_(algorithm) {
  if (algorithm != "RS384" && algorithm != "ES384") {
    throw PushAuthError("SMART client assertion algorithm must be RS384 or ES384, not '" +
                        algorithm + "'");
  }
  BIO* file = BIO_new_file(private_key_file.c_str(), "r");
  if (file != nullptr) {
    key_.reset(PEM_read_bio_PrivateKey(file, nullptr, nullptr, nullptr));
    BIO_free(file);
  }
  if (!key_) throw PushAuthError("cannot read a PEM private key from " + private_key_file);
  const int type = EVP_PKEY_base_id(key_.get());
  const int bits = EVP_PKEY_bits(key_.get());
  if (algorithm == "RS384" && (type != EVP_PKEY_RSA || bits < 2048)) {
    throw PushAuthError("RS384 needs an RSA private key of 2048 bits or more in " +
                        private_key_file);
  }
  if (algorithm == "ES384" && (type != EVP_PKEY_EC || bits != 384)) {
    throw PushAuthError("ES384 needs an EC P-384 private key in " + private_key_file);
  }
}

SmartAssertionSigner::~SmartAssertionSigner() = default;

std::string SmartAssertionSigner::sign(const SmartAssertionClaims& claims) const {
  std::string jwt;
  append_base64url(header_json(algorithm_, claims.key_id), jwt);
  jwt += '.';
  append_base64url(claims_json(claims), jwt);

  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  std::string signature;
  bool ok = ctx != nullptr &&
            EVP_DigestSignInit(ctx, nullptr, EVP_sha384(), nullptr, key_.get()) == 1 &&
            EVP_DigestSign(ctx, nullptr, &length,
                           reinterpret_cast<const unsigned char*>(jwt.data()), jwt.size()) == 1;
  if (ok) {
    signature.resize(length);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                        reinterpret_cast<const unsigned char*>(jwt.data()), jwt.size()) == 1;
    signature.resize(length);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) throw PushAuthError("signing the SMART client assertion failed");
  if (algorithm_ == "ES384") signature = der_to_jose(signature, kEs384CoordinateBytes);
  jwt += '.';
  append_base64url(signature, jwt);
  return jwt;
}

std::string new_assertion_id() {
  return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

}  // namespace titrate::push
