#include "connectors/auth/jwks.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <rapidjson/document.h>

#include <optional>

#include "connectors/jwt/base64url.h"
#include "gateway/config/json_reader.h"
#include "gateway/config/read_file.h"

namespace titrate::auth {
namespace {

using config::JsonObjectReader;

std::string decoded_member(JsonObjectReader& jwk, const char* name) {
  std::optional<std::string> bytes = jwt::base64url_decode(jwk.required_string(name));
  if (!bytes || bytes->empty()) jwk.fail(name, "expected base64url (no padding)");
  return *bytes;
}

struct Params {
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  std::vector<BIGNUM*> numbers;
  ~Params() {
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    for (BIGNUM* n : numbers) BN_free(n);
  }
  void big(const char* name, const std::string& bytes) {
    BIGNUM* n =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()), nullptr);
    numbers.push_back(n);
    OSSL_PARAM_BLD_push_BN(builder, name, n);
  }
};

std::shared_ptr<EVP_PKEY> from_params(const char* type, Params& p) {
  p.params = OSSL_PARAM_BLD_to_param(p.builder);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  const bool ok = p.params != nullptr && ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1 &&
                  EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, p.params) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

std::shared_ptr<EVP_PKEY> rsa_key(JsonObjectReader& jwk) {
  Params p;
  p.big(OSSL_PKEY_PARAM_RSA_N, decoded_member(jwk, "n"));
  p.big(OSSL_PKEY_PARAM_RSA_E, decoded_member(jwk, "e"));
  std::shared_ptr<EVP_PKEY> key = from_params("RSA", p);
  if (!key) jwk.fail("n", "not a usable RSA public key");
  if (EVP_PKEY_bits(key.get()) < 2048) jwk.fail("n", "RSA keys need 2048 bits or more");
  return key;
}

std::shared_ptr<EVP_PKEY> ec_key(JsonObjectReader& jwk, const std::string& curve) {
  const size_t size = curve == "P-256" ? 32 : 48;
  const std::string x = decoded_member(jwk, "x");
  const std::string y = decoded_member(jwk, "y");
  if (x.size() != size) jwk.fail("x", "expected " + std::to_string(size) + " bytes for " + curve);
  if (y.size() != size) jwk.fail("y", "expected " + std::to_string(size) + " bytes for " + curve);
  std::string point = "\x04" + x + y;  // uncompressed SEC1 point
  Params p;
  const char* group = curve == "P-256" ? "prime256v1" : "secp384r1";
  OSSL_PARAM_BLD_push_utf8_string(p.builder, OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
  OSSL_PARAM_BLD_push_octet_string(p.builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  std::shared_ptr<EVP_PKEY> key = from_params("EC", p);
  if (!key) jwk.fail("x", "not a point on " + curve);
  return key;
}

}  // namespace

Jwks Jwks::load_file(const std::string& file) {
  std::optional<std::string> text = config::read_file(file, 1 << 20);
  if (!text) throw config::ConfigError(file, "", "a readable JWKS file of at most 1 MiB");
  return parse(*text, file);
}

Jwks Jwks::parse(const std::string& json, const std::string& source) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError() || !doc.IsObject())
    throw config::ConfigError(source, "", "a JSON Web Key Set (a JSON object with \"keys\")");
  Jwks out;
  JsonObjectReader root(source, "", doc);
  root.each_object("keys", [&](JsonObjectReader& jwk) {
    VerificationKey key;
    key.kty = jwk.required_string("kty");
    key.kid = jwk.string_or("kid", "");
    key.alg = jwk.string_or("alg", "");
    const std::string use = jwk.string_or("use", "sig");
    if (key.kty == "RSA") {
      key.key = rsa_key(jwk);
    } else if (key.kty == "EC") {
      key.curve = jwk.required_string("crv");
      if (key.curve != "P-256" && key.curve != "P-384") jwk.fail("crv", "expected P-256 or P-384");
      key.key = ec_key(jwk, key.curve);
    } else {
      jwk.fail("kty", "expected \"RSA\" or \"EC\" (symmetric keys are not accepted)");
    }
    for (const VerificationKey& other : out.keys_) {
      if (other.kid == key.kid) jwk.fail("kid", "kid values must be unique");
    }
    jwk.members();  // x5c, key_ops, ... are allowed and not used
    if (use == "sig") out.keys_.push_back(std::move(key));
  });
  root.members();
  if (out.keys_.empty()) root.fail("keys", "expected at least one signature key");
  return out;
}

const VerificationKey* Jwks::find(const std::string& kid) const {
  if (kid.empty()) return keys_.size() == 1 ? &keys_.front() : nullptr;
  for (const VerificationKey& key : keys_) {
    if (key.kid == kid) return &key;
  }
  return nullptr;
}

}  // namespace titrate::auth
