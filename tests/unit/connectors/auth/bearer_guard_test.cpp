#include "connectors/auth/bearer_guard.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "tests/unit/connectors/auth/token_support.h"

namespace titrate::auth {
namespace {

constexpr int64_t kNow = 1'800'000'000;
const char* kIssuer = "https://as.example";
const char* kAudience = "https://gw.example/fhir";

class BearerGuardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { key_ = new test::Key(test::generate_rsa_key()); }
  static void TearDownTestSuite() { delete key_; }

  BearerGuardTest()
      : guard_(Jwks::parse(test::jwks(test::jwk(key_->get(), "k1")), "jwks.json"),
               ClaimRules{kIssuer, kAudience, 60}, [] { return kNow; }) {}

  std::string token(const std::string& scope, int64_t exp = kNow + 300) {
    return test::sign_token("RS384", "k1", test::claims(kIssuer, kAudience, exp, 0, scope),
                            key_->get());
  }

  http::Request get(const char* path, const std::string& token = "") {
    http::Request r;
    r.method = "GET";
    r.path = path;
    if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
    return r;
  }

  static std::string header(const http::Response& r, const char* name) {
    for (const auto& [key, value] : r.headers) {
      if (key == name) return value;
    }
    return "";
  }

  static std::string outcome_text(const http::Response& r) {
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    EXPECT_EQ(std::string(doc["resourceType"].GetString()), "OperationOutcome");
    return doc["issue"][0]["diagnostics"].GetString();
  }

  static inline test::Key* key_ = nullptr;
  BearerGuard guard_;
};

TEST_F(BearerGuardTest, NoTokenIs401WithABareChallenge) {
  http::Request request = get("/fhir/Patient/p1");
  const std::optional<http::Response> r = guard_.check(request);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(header(*r, "WWW-Authenticate"), "Bearer realm=\"titrate\"");
  EXPECT_EQ(outcome_text(*r), "a bearer token is required");
  http::Request basic = get("/fhir/Patient/p1");
  basic.headers.emplace_back("Authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(guard_.check(basic)->status, 401);
}

TEST_F(BearerGuardTest, InvalidTokenIs401WithInvalidToken) {
  http::Request expired = get("/fhir/Patient/p1", token("system/*.rs", kNow - 120));
  const std::optional<http::Response> r = guard_.check(expired);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(header(*r, "WWW-Authenticate"),
            "Bearer realm=\"titrate\", error=\"invalid_token\", error_description=\"the token "
            "has expired\"");
  http::Request garbage = get("/fhir/Patient/p1", "abc.def.ghi");
  EXPECT_EQ(guard_.check(garbage)->status, 401);
}

TEST_F(BearerGuardTest, MissingScopeIs403NamingIt) {
  http::Request request = get("/fhir/Observation", token("system/Observation.r"));
  const std::optional<http::Response> r = guard_.check(request);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(outcome_text(*r), "the token lacks the scope system/Observation.s");
  EXPECT_NE(header(*r, "WWW-Authenticate").find("insufficient_scope"), std::string::npos);
}

TEST_F(BearerGuardTest, GrantedScopePassesAndNamesTheClient) {
  http::Request request = get("/fhir/Observation", token("system/Observation.rs"));
  request.headers.emplace_back("x-titrate-client", "someone-else");
  EXPECT_FALSE(guard_.check(request));
  EXPECT_EQ(request.header("X-Titrate-Client"), "ehr-backend");
  int count = 0;
  for (const auto& h : request.headers) count += h.second == "someone-else";
  EXPECT_EQ(count, 0);
}

TEST_F(BearerGuardTest, MetadataNeedsNoToken) {
  http::Request request = get("/fhir/metadata");
  EXPECT_FALSE(guard_.check(request));
}

TEST_F(BearerGuardTest, BundleNeedsCreateOnEveryEntryType) {
  http::Request request;
  request.method = "POST";
  request.path = "/fhir";
  request.body = R"({"resourceType":"Bundle","type":"transaction","entry":[
      {"resource":{"resourceType":"Patient"}},{"resource":{"resourceType":"ServiceRequest"}}]})";
  request.headers.emplace_back("Authorization", "Bearer " + token("system/Patient.c"));
  const std::optional<http::Response> r = guard_.check(request);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(outcome_text(*r), "the token lacks the scope system/ServiceRequest.c");
  request.headers.back().second = "Bearer " + token("system/Patient.c system/ServiceRequest.c");
  EXPECT_FALSE(guard_.check(request));
}

TEST_F(BearerGuardTest, GuardedRoutesRunTheHandlerOnlyWhenAllowed) {
  int calls = 0;
  std::vector<http::Route> routes = {{"GET", "/health",
                                      [&](const http::Request&) {
                                        ++calls;
                                        return http::Response{};
                                      }},
                                     {"GET", "/fhir/", [&](const http::Request&) {
                                        ++calls;
                                        return http::Response{};
                                      }}};
  auto guard = std::make_shared<const BearerGuard>(
      Jwks::parse(test::jwks(test::jwk(key_->get(), "k1")), "jwks.json"),
      ClaimRules{kIssuer, kAudience, 60}, [] { return kNow; });
  routes = guard_fhir_routes(std::move(routes), guard);
  EXPECT_EQ(routes[0].handler(get("/health")).status, 200);
  EXPECT_EQ(routes[1].handler(get("/fhir/Patient/p1")).status, 401);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(routes[1].handler(get("/fhir/Patient/p1", token("system/Patient.r"))).status, 200);
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace titrate::auth
