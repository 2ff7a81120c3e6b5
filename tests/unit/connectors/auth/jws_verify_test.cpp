#include "connectors/auth/jws_verify.h"

#include <gtest/gtest.h>

#include "connectors/jwt/base64url.h"
#include "tests/unit/connectors/auth/token_support.h"

namespace titrate::auth {
namespace {

const std::string kClaims = R"({"iss":"https://as.example","exp":4102444800})";

struct Keys {
  test::Key rsa = test::generate_rsa_key();
  test::Key ec384 = test::generate_ec_key("P-384");
  test::Key ec256 = test::generate_ec_key("P-256");
  test::Key other_rsa = test::generate_rsa_key();
  Jwks jwks = Jwks::parse(R"({"keys":[)" + test::jwk(rsa.get(), "rsa-1") + "," +
                              test::jwk(ec384.get(), "ec-384") + "," +
                              test::jwk(ec256.get(), "ec-256") + "]}",
                          "test-jwks");
};

const Keys& keys() {
  static const Keys k;  // RSA key generation is slow: once for the suite
  return k;
}

TEST(JwsVerify, AcceptsRs384AndReturnsThePayload) {
  const JwsVerification v =
      verify_jws(test::sign_token("RS384", "rsa-1", kClaims, keys().rsa.get()), keys().jwks);
  ASSERT_TRUE(v.ok) << v.error;
  EXPECT_EQ(v.payload, kClaims);
}

TEST(JwsVerify, AcceptsEs384AndTheSha256Variants) {
  for (int i = 0; i < 20; ++i) {  // R or S with leading zero bytes must still verify
    const JwsVerification v =
        verify_jws(test::sign_token("ES384", "ec-384", kClaims, keys().ec384.get()), keys().jwks);
    ASSERT_TRUE(v.ok) << v.error;
  }
  EXPECT_TRUE(
      verify_jws(test::sign_token("RS256", "rsa-1", kClaims, keys().rsa.get()), keys().jwks).ok);
  EXPECT_TRUE(
      verify_jws(test::sign_token("ES256", "ec-256", kClaims, keys().ec256.get()), keys().jwks).ok);
}

TEST(JwsVerify, RefusesAWrongSignature) {
  const JwsVerification v =
      verify_jws(test::sign_token("RS384", "rsa-1", kClaims, keys().other_rsa.get()), keys().jwks);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.error, "bad signature");
}

TEST(JwsVerify, RefusesATamperedPayload) {
  std::string token = test::sign_token("ES384", "ec-384", kClaims, keys().ec384.get());
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  const std::string forged =
      jwt::base64url_encode(R"({"iss":"https://as.example","exp":4102444800,"scope":"x"})");
  token = token.substr(0, first + 1) + forged + token.substr(second);
  EXPECT_EQ(verify_jws(token, keys().jwks).error, "bad signature");
}

TEST(JwsVerify, RefusesAlgNone) {
  const std::string token = jwt::base64url_encode(R"({"alg":"none","kid":"rsa-1"})") + "." +
                            jwt::base64url_encode(kClaims) + ".";
  const JwsVerification v = verify_jws(token, keys().jwks);
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.error.find("alg none"), std::string::npos) << v.error;
}

TEST(JwsVerify, RefusesHmacKeyedWithThePublicKey) {
  const std::string token = test::hmac_token("rsa-1", kClaims, test::public_pem(keys().rsa.get()));
  const JwsVerification v = verify_jws(token, keys().jwks);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.error, "HMAC algorithms are not accepted");
}

TEST(JwsVerify, RefusesAnUnknownKid) {
  const JwsVerification v =
      verify_jws(test::sign_token("RS384", "rsa-2", kClaims, keys().rsa.get()), keys().jwks);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.error, "unknown kid");
}

TEST(JwsVerify, RefusesAKeyOfTheWrongTypeOrCurve) {
  // An ES384 header naming the RSA key, and ES256 naming the P-384 key.
  EXPECT_NE(verify_jws(test::sign_token("ES384", "rsa-1", kClaims, keys().ec384.get()), keys().jwks)
                .error.find("not a ES384 key"),
            std::string::npos);
  EXPECT_FALSE(
      verify_jws(test::sign_token("ES256", "ec-384", kClaims, keys().ec256.get()), keys().jwks).ok);
  EXPECT_FALSE(
      verify_jws(test::sign_token("RS384", "ec-384", kClaims, keys().rsa.get()), keys().jwks).ok);
}

TEST(JwsVerify, RefusesMalformedTokens) {
  const std::string good = test::sign_token("RS384", "rsa-1", kClaims, keys().rsa.get());
  for (const std::string& token :
       {std::string(""), std::string("abc"), std::string("a.b"), good + ".x", "!" + good,
        good.substr(0, good.size() - 3) + "***"}) {
    EXPECT_FALSE(verify_jws(token, keys().jwks).ok) << token;
  }
  const std::string crit = jwt::base64url_encode(R"({"alg":"RS384","kid":"rsa-1","crit":["x"]})") +
                           "." + jwt::base64url_encode(kClaims) + ".AAAA";
  EXPECT_FALSE(verify_jws(crit, keys().jwks).ok);
}

TEST(JwsVerify, NoKidUsesTheOnlyKeyOfAOneKeySet) {
  const Jwks one = Jwks::parse(test::jwks(test::jwk(keys().ec384.get(), "only")), "one");
  EXPECT_TRUE(verify_jws(test::sign_token("ES384", "", kClaims, keys().ec384.get()), one).ok);
  EXPECT_FALSE(
      verify_jws(test::sign_token("ES384", "", kClaims, keys().ec384.get()), keys().jwks).ok);
}

}  // namespace
}  // namespace titrate::auth
