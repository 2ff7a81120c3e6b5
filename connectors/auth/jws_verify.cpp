#include "connectors/auth/jws_verify.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>

#include <optional>

#include "connectors/jwt/base64url.h"

namespace titrate::auth {
namespace {

struct Algorithm {
  const char* name;
  const char* kty;
  const char* curve;  // EC only
  const EVP_MD* (*digest)();
};

constexpr Algorithm kAlgorithms[] = {{"RS256", "RSA", "", EVP_sha256},
                                     {"RS384", "RSA", "", EVP_sha384},
                                     {"ES256", "EC", "P-256", EVP_sha256},
                                     {"ES384", "EC", "P-384", EVP_sha384}};

JwsVerification refuse(std::string error) {
  JwsVerification out;
  out.error = std::move(error);
  return out;
}

// JOSE R || S to the DER ECDSA-Sig-Value OpenSSL verifies; nullopt when the length is wrong.
std::optional<std::string> jose_to_der(const std::string& raw, size_t coordinate_bytes) {
  if (raw.size() != 2 * coordinate_bytes) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  const int size = static_cast<int>(coordinate_bytes);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes, size, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + coordinate_bytes, size, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (length <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return out;
}

bool signature_verifies(const Algorithm& alg, EVP_PKEY* key, std::string_view signing_input,
                        const std::string& signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, alg.digest(), nullptr, key) == 1 &&
      EVP_DigestVerify(
          ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
          reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::string string_member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

JwsVerification verify_jws(std::string_view token, const Jwks& keys) {
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return refuse("not a compact JWS (three base64url parts)");
  const std::optional<std::string> header_text = jwt::base64url_decode(token.substr(0, first));
  const std::optional<std::string> payload =
      jwt::base64url_decode(token.substr(first + 1, second - first - 1));
  std::optional<std::string> signature = jwt::base64url_decode(token.substr(second + 1));
  if (!header_text || !payload || !signature) return refuse("malformed base64url");

  rapidjson::Document header;
  header.Parse(header_text->c_str(), header_text->size());
  if (header.HasParseError() || !header.IsObject()) return refuse("the header is not JSON");
  if (header.HasMember("crit")) return refuse("critical header extensions are not supported");
  const std::string alg = string_member(header, "alg");
  if (alg.empty() || alg == "none") return refuse("unsigned tokens (alg none) are not accepted");
  if (alg.rfind("HS", 0) == 0) return refuse("HMAC algorithms are not accepted");
  const Algorithm* algorithm = nullptr;
  for (const Algorithm& a : kAlgorithms) {
    if (alg == a.name) algorithm = &a;
  }
  if (algorithm == nullptr) return refuse("unsupported alg " + alg);

  const std::string kid = string_member(header, "kid");
  const VerificationKey* key = keys.find(kid);
  if (key == nullptr) return refuse(kid.empty() ? "the token names no kid" : kUnknownKid);
  if (key->kty != algorithm->kty || key->curve != algorithm->curve ||
      (!key->alg.empty() && key->alg != alg)) {
    return refuse("the key named by kid is not a " + alg + " key");
  }
  if (key->kty == "EC") {
    signature = jose_to_der(*signature, key->curve == "P-256" ? 32 : 48);
    if (!signature) return refuse("malformed ECDSA signature");
  }
  if (!signature_verifies(*algorithm, key->key.get(), token.substr(0, second), *signature))
    return refuse("bad signature");
  JwsVerification out;
  out.ok = true;
  out.payload = std::move(*payload);
  return out;
}

}  // namespace titrate::auth
