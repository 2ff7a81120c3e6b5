#include "tests/unit/connectors/auth/token_support.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <stdexcept>

#include "connectors/jwt/base64url.h"

namespace titrate::auth::test {
namespace {

std::string bn_bytes(EVP_PKEY* key, const char* name, int pad) {
  BIGNUM* n = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &n) != 1) throw std::runtime_error("no key parameter");
  std::string out(static_cast<size_t>(pad > 0 ? pad : BN_num_bytes(n)), '\0');
  BN_bn2binpad(n, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(n);
  return out;
}

std::string header(const std::string& alg, const std::string& kid) {
  std::string out = "{\"alg\":\"" + alg + "\"";
  if (!kid.empty()) out += ",\"kid\":\"" + kid + "\"";
  return out + ",\"typ\":\"JWT\"}";
}

std::string signing_input(const std::string& alg, const std::string& kid,
                          const std::string& claims_json) {
  return jwt::base64url_encode(header(alg, kid)) + "." + jwt::base64url_encode(claims_json);
}

std::string der_to_jose(const std::string& der, size_t size) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  std::string out(2 * size, '\0');
  auto* raw = reinterpret_cast<unsigned char*>(out.data());
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, static_cast<int>(size));
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + size, static_cast<int>(size));
  ECDSA_SIG_free(sig);
  return out;
}

}  // namespace

Key generate_rsa_key() {
  return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}), EVP_PKEY_free);
}

Key generate_ec_key(const char* curve) {
  const char* group = std::string(curve) == "P-256" ? "prime256v1" : "secp384r1";
  return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group), EVP_PKEY_free);
}

std::string jwk(EVP_PKEY* key, const std::string& kid) {
  if (EVP_PKEY_base_id(key) == EVP_PKEY_RSA) {
    return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"n\":\"" +
           jwt::base64url_encode(bn_bytes(key, OSSL_PKEY_PARAM_RSA_N, 0)) + "\",\"e\":\"" +
           jwt::base64url_encode(bn_bytes(key, OSSL_PKEY_PARAM_RSA_E, 0)) + "\"}";
  }
  const int size = EVP_PKEY_bits(key) == 256 ? 32 : 48;
  return "{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"crv\":\"" + (size == 32 ? "P-256" : "P-384") +
         "\",\"x\":\"" + jwt::base64url_encode(bn_bytes(key, OSSL_PKEY_PARAM_EC_PUB_X, size)) +
         "\",\"y\":\"" + jwt::base64url_encode(bn_bytes(key, OSSL_PKEY_PARAM_EC_PUB_Y, size)) +
         "\"}";
}

std::string jwks(const std::string& a, const std::string& b) {
  return "{\"keys\":[" + a + (b.empty() ? "" : "," + b) + "]}";
}

std::string sign_token(const std::string& alg, const std::string& kid,
                       const std::string& claims_json, EVP_PKEY* key) {
  const std::string input = signing_input(alg, kid, claims_json);
  const EVP_MD* md = alg.substr(2) == "256" ? EVP_sha256() : EVP_sha384();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  std::string signature;
  EVP_DigestSignInit(ctx, nullptr, md, nullptr, key);
  EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                 input.size());
  signature.resize(length);
  if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    EVP_MD_CTX_free(ctx);
    throw std::runtime_error("signing failed");
  }
  EVP_MD_CTX_free(ctx);
  signature.resize(length);
  if (alg[0] == 'E') signature = der_to_jose(signature, alg == "ES256" ? 32 : 48);
  return input + "." + jwt::base64url_encode(signature);
}

std::string hmac_token(const std::string& kid, const std::string& claims_json,
                       const std::string& secret) {
  const std::string input = signing_input("HS384", kid, claims_json);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha384(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return input + "." + jwt::base64url_encode(std::string(reinterpret_cast<char*>(mac), length));
}

std::string public_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(length));
  BIO_free(bio);
  return out;
}

std::string claims(const std::string& iss, const std::string& aud, int64_t exp, int64_t nbf,
                   const std::string& scope) {
  std::string out =
      "{\"iss\":\"" + iss + "\",\"aud\":\"" + aud + "\",\"exp\":" + std::to_string(exp);
  if (nbf != 0) out += ",\"nbf\":" + std::to_string(nbf);
  return out + ",\"scope\":\"" + scope + "\",\"client_id\":\"ehr-backend\"}";
}

}  // namespace titrate::auth::test
