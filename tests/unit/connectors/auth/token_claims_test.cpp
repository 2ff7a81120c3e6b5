#include "connectors/auth/token_claims.h"

#include <gtest/gtest.h>

#include "tests/unit/connectors/auth/token_support.h"

namespace titrate::auth {
namespace {

constexpr int64_t kNow = 1'800'000'000;
const ClaimRules kRules{"https://as.example", "https://gw.example/fhir", 60};

ClaimCheck check(const std::string& json) {
  return check_claims(json, kRules, kNow);
}

std::string claims(int64_t exp, int64_t nbf = 0, const std::string& iss = kRules.issuer,
                   const std::string& aud = kRules.audience) {
  return test::claims(iss, aud, exp, nbf, "system/*.rs");
}

TEST(TokenClaims, AcceptsAValidTokenAndNamesTheClient) {
  const ClaimCheck c = check(claims(kNow + 300, kNow - 10));
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.claims.client, "ehr-backend");
  EXPECT_EQ(c.claims.scope, "system/*.rs");
}

TEST(TokenClaims, RefusesAnExpiredTokenBeyondTheSkew) {
  EXPECT_EQ(check(claims(kNow - 61)).error, "the token has expired");
  EXPECT_EQ(check(claims(kNow - 60)).error, "the token has expired");
  EXPECT_TRUE(check(claims(kNow - 59)).ok);  // within the skew
}

TEST(TokenClaims, RefusesATokenNotYetValidBeyondTheSkew) {
  EXPECT_EQ(check(claims(kNow + 600, kNow + 61)).error, "the token is not yet valid");
  EXPECT_TRUE(check(claims(kNow + 600, kNow + 60)).ok);
}

TEST(TokenClaims, RefusesWrongAudienceOrIssuer) {
  EXPECT_EQ(check(claims(kNow + 60, 0, kRules.issuer, "https://other.example/fhir")).error,
            "wrong audience");
  EXPECT_EQ(check(claims(kNow + 60, 0, "https://evil.example")).error, "wrong issuer");
}

TEST(TokenClaims, AudienceMayBeAnArray) {
  const std::string in = R"({"iss":"https://as.example","exp":1800000100,
      "aud":["https://x.example","https://gw.example/fhir"],"sub":"svc"})";
  const ClaimCheck c = check(in);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.claims.client, "svc");
  EXPECT_FALSE(
      check(R"({"iss":"https://as.example","exp":1800000100,"aud":["https://x.example"]})").ok);
}

TEST(TokenClaims, RefusesMissingOrMistypedTimes) {
  EXPECT_EQ(check(R"({"iss":"https://as.example","aud":"https://gw.example/fhir"})").error,
            "the token has no exp");
  EXPECT_FALSE(
      check(R"({"iss":"https://as.example","aud":"https://gw.example/fhir","exp":"soon"})").ok);
  EXPECT_FALSE(check(R"({"iss":"https://as.example","aud":"https://gw.example/fhir",
                         "exp":1800000100,"nbf":"now"})")
                   .ok);
  EXPECT_FALSE(check("[1]").ok);
}

TEST(TokenClaims, ScpArrayIsJoined) {
  const ClaimCheck c = check(R"({"iss":"https://as.example","aud":"https://gw.example/fhir",
      "exp":1800000100,"scp":["system/Patient.r","system/Observation.s"]})");
  ASSERT_TRUE(c.ok);
  EXPECT_EQ(c.claims.scope, "system/Patient.r system/Observation.s");
}

}  // namespace
}  // namespace titrate::auth
