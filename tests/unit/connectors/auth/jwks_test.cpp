#include "connectors/auth/jwks.h"

#include <gtest/gtest.h>

#include "gateway/config/config_error.h"
#include "tests/unit/connectors/auth/token_support.h"

namespace titrate::auth {
namespace {

std::string error_of(const std::string& json) {
  try {
    Jwks::parse(json, "jwks.json");
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Jwks, LoadsRsaAndEcKeysByKid) {
  const test::Key rsa = test::generate_rsa_key();
  const test::Key ec = test::generate_ec_key("P-384");
  const Jwks jwks =
      Jwks::parse(test::jwks(test::jwk(rsa.get(), "a"), test::jwk(ec.get(), "b")), "jwks.json");
  EXPECT_EQ(jwks.size(), 2u);
  ASSERT_NE(jwks.find("a"), nullptr);
  EXPECT_EQ(jwks.find("a")->kty, "RSA");
  ASSERT_NE(jwks.find("b"), nullptr);
  EXPECT_EQ(jwks.find("b")->curve, "P-384");
  EXPECT_EQ(jwks.find("c"), nullptr);
  EXPECT_EQ(jwks.find(""), nullptr);  // two keys: a token must name one
}

TEST(Jwks, RefusesSymmetricAndBrokenKeysWithTheirLocation) {
  EXPECT_EQ(error_of(R"({"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"}]})"),
            "jwks.json: /keys/0/kty: expected \"RSA\" or \"EC\" (symmetric keys are not "
            "accepted)");
  EXPECT_NE(
      error_of(R"({"keys":[{"kty":"EC","crv":"P-384","x":"AAAA","y":"AAAA"}]})").find("/keys/0/x"),
      std::string::npos);
  EXPECT_NE(error_of(R"({"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]})").find("2048"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"keys":[{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}]})").find("crv"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"keys":[]})").find("at least one"), std::string::npos);
  EXPECT_NE(error_of("not json").find("JSON Web Key Set"), std::string::npos);
}

TEST(Jwks, SkipsEncryptionKeys) {
  const test::Key ec = test::generate_ec_key("P-256");
  std::string enc = test::jwk(ec.get(), "enc");
  enc.insert(1, R"("use":"enc",)");
  const test::Key sig = test::generate_ec_key("P-256");
  const Jwks jwks = Jwks::parse(test::jwks(enc, test::jwk(sig.get(), "sig")), "jwks.json");
  EXPECT_EQ(jwks.size(), 1u);
  EXPECT_EQ(jwks.find("enc"), nullptr);
}

}  // namespace
}  // namespace titrate::auth
