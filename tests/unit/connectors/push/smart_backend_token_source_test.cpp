#include "connectors/push/smart_backend_token_source.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "connectors/jwt/base64url.h"
#include "connectors/push/smart_client_assertion.h"
#include "connectors/push/smart_token_response.h"

namespace titrate::push {
namespace {

constexpr const char* kAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
constexpr const char* kScope = "system/MedicationAdministration.write system/Observation.write";

// Key pairs made with the openssl command in a temporary folder.
class TestKeys {
 public:
  TestKeys() {
    dir_ = std::filesystem::temp_directory_path() /
           ("titrate-smart-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    ok_ = run("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key") &&
          run("pkey -in rsa.key -pubout -out rsa.pub") &&
          run("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384.key") &&
          run("pkey -in ec384.key -pubout -out ec384.pub") &&
          run("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec256.key");
  }
  ~TestKeys() { std::filesystem::remove_all(dir_); }
  bool ok() const { return ok_; }
  std::string path(const char* name) const { return (dir_ / name).string(); }

 private:
  bool run(const std::string& args) {
    const std::string command =
        "cd '" + dir_.string() + "' && openssl " + args + " >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  }
  static inline std::atomic<int> counter_{0};
  std::filesystem::path dir_;
  bool ok_ = false;
};

std::string base64url_decode(std::string_view in) {
  return jwt::base64url_decode(in).value_or("<bad base64url>");
}

// Verifies a JWS with OpenSSL directly (not POCO): RS384 (PKCS#1 v1.5, SHA-384) or ES384
// (the 96-byte R || S of RFC 7518 §3.4). Returns "" when it verifies, else why not.
std::string verify_signature(const std::string& jwt, const std::string& alg,
                             const std::string& public_key_file) {
  const size_t dot1 = jwt.find('.');
  const size_t dot2 = jwt.rfind('.');
  if (dot1 == std::string::npos || dot1 == dot2) return "not three parts";
  const std::string signing_input = jwt.substr(0, dot2);
  std::string signature = base64url_decode(jwt.substr(dot2 + 1));
  FILE* f = std::fopen(public_key_file.c_str(), "r");
  if (f == nullptr) return "no public key";
  EVP_PKEY* key = PEM_read_PUBKEY(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (key == nullptr) return "unreadable public key";
  if (alg == "ES384") {
    if (signature.size() != 96) {
      EVP_PKEY_free(key);
      return "ES384 signature of " + std::to_string(signature.size()) + " bytes";
    }
    ECDSA_SIG* sig = ECDSA_SIG_new();
    const auto* raw = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG_set0(sig, BN_bin2bn(raw, 48, nullptr), BN_bin2bn(raw + 48, 48, nullptr));
    unsigned char* der = nullptr;
    const int der_len = i2d_ECDSA_SIG(sig, &der);
    signature.assign(reinterpret_cast<char*>(der), static_cast<size_t>(der_len));
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  int ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha384(), nullptr, key);
  if (ok == 1) {
    ok = EVP_DigestVerify(
        ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
        reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size());
  }
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok == 1 ? "" : "signature does not verify";
}

std::string json_string(const rapidjson::Value& o, const char* name) {
  const auto it = o.FindMember(name);
  return it != o.MemberEnd() && it->value.IsString() ? it->value.GetString() : "<absent>";
}

// A token endpoint on loopback that checks every request as an EHR would and answers with the
// configured status and body ("{n}" in the body becomes the request number).
class FakeTokenEndpoint {
 public:
  struct Expect {
    std::string client_id = "titrate-north";
    std::string key_id = "titrate-2026";
    std::string alg = "RS384";
    std::string public_key_file;
  };

  explicit FakeTokenEndpoint(Expect expect)
      : expect_(std::move(expect)),
        server_(new Factory(*this),
                Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                new Poco::Net::HTTPServerParams) {
    server_.start();
  }
  ~FakeTokenEndpoint() { server_.stopAll(true); }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/auth/token";
  }
  void answer(int status, std::string body) {
    std::lock_guard lock(mutex_);
    status_ = status;
    body_ = std::move(body);
  }
  int requests() const { return requests_.load(); }
  std::vector<std::string> problems() {
    std::lock_guard lock(mutex_);
    return problems_;
  }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(FakeTokenEndpoint& owner) : owner_(owner) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      owner_.handle(request, response);
    }

   private:
    FakeTokenEndpoint& owner_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(FakeTokenEndpoint& owner) : owner_(owner) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new Handler(owner_);
    }

   private:
    FakeTokenEndpoint& owner_;
  };

  void problem(const std::string& what) {
    std::lock_guard lock(mutex_);
    problems_.push_back(what);
  }

  void check(Poco::Net::HTTPServerRequest& request) {
    if (request.getMethod() != "POST") problem("method " + request.getMethod());
    if (request.getURI() != "/auth/token") problem("path " + request.getURI());
    if (request.getContentType() != "application/x-www-form-urlencoded") {
      problem("content type " + request.getContentType());
    }
    Poco::Net::HTMLForm form(request, request.stream());
    if (form.get("grant_type", "") != "client_credentials") problem("grant_type");
    if (form.get("scope", "") != kScope) problem("scope " + form.get("scope", ""));
    if (form.get("client_assertion_type", "") != kAssertionType) problem("assertion type");
    const std::string jwt = form.get("client_assertion", "");
    const size_t dot1 = jwt.find('.');
    const size_t dot2 = jwt.rfind('.');
    if (dot1 == std::string::npos || dot1 == dot2) {
      problem("assertion is not a JWS");
      return;
    }
    if (std::string why = verify_signature(jwt, expect_.alg, expect_.public_key_file);
        !why.empty()) {
      problem(why);
    }
    rapidjson::Document header, claims;
    header.Parse(base64url_decode(jwt.substr(0, dot1)).c_str());
    claims.Parse(base64url_decode(jwt.substr(dot1 + 1, dot2 - dot1 - 1)).c_str());
    if (!header.IsObject() || !claims.IsObject()) {
      problem("header or claims are not JSON objects");
      return;
    }
    if (json_string(header, "alg") != expect_.alg) problem("alg " + json_string(header, "alg"));
    if (json_string(header, "typ") != "JWT") problem("typ");
    if (json_string(header, "kid") != expect_.key_id) problem("kid");
    if (json_string(claims, "iss") != expect_.client_id) problem("iss");
    if (json_string(claims, "sub") != expect_.client_id) problem("sub");
    if (json_string(claims, "aud") != url()) problem("aud " + json_string(claims, "aud"));
    const std::string jti = json_string(claims, "jti");
    {
      std::lock_guard lock(mutex_);
      if (jti == "<absent>" || !jtis_.insert(jti).second) problems_.push_back("jti reused");
    }
    const auto exp = claims.FindMember("exp");
    const auto iat = claims.FindMember("iat");
    if (exp == claims.MemberEnd() || !exp->value.IsInt64()) {
      problem("exp is not an integer NumericDate");
    } else {
      const int64_t now = std::time(nullptr);
      if (exp->value.GetInt64() <= now) problem("assertion expired");
      if (iat == claims.MemberEnd() || !iat->value.IsInt64() ||
          exp->value.GetInt64() - iat->value.GetInt64() > 300 ||
          exp->value.GetInt64() <= iat->value.GetInt64()) {
        problem("lifetime over 5 minutes");
      }
    }
  }

  void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const int n = ++requests_;
    check(request);
    int status = 200;
    std::string body;
    {
      std::lock_guard lock(mutex_);
      status = status_;
      body = body_;
    }
    if (const size_t at = body.find("{n}"); at != std::string::npos) {
      body.replace(at, 3, std::to_string(n));
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
  }

  Expect expect_;
  Poco::Net::HTTPServer server_;
  std::mutex mutex_;
  int status_ = 200;
  std::string body_ =
      R"({"access_token":"token-{n}","token_type":"bearer","expires_in":300,"scope":"system/*.write"})";
  std::atomic<int> requests_{0};
  std::vector<std::string> problems_;
  std::set<std::string> jtis_;
};

config::PushAuthConfig auth_for(const FakeTokenEndpoint& endpoint, const std::string& key,
                                const std::string& alg) {
  config::PushAuthConfig a;
  a.type = "smart-backend";
  a.token_url = endpoint.url();
  a.client_id = "titrate-north";
  a.key_id = "titrate-2026";
  a.private_key = key;
  a.algorithm = alg;
  a.scope = kScope;
  return a;
}

// A clock the test moves; starts at the real time so that the endpoint sees live assertions.
struct TestClock {
  std::atomic<int64_t> now{static_cast<int64_t>(std::time(nullptr))};
  SmartBackendTokenSource::Clock fn() {
    return [this] { return now.load(); };
  }
};

TEST(SmartBackend, Rs384AssertionVerifiedAndTokenCached) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  FakeTokenEndpoint endpoint({.alg = "RS384", .public_key_file = keys.path("rsa.pub")});
  SmartBackendTokenSource source(auth_for(endpoint, keys.path("rsa.key"), "RS384"), std::nullopt,
                                 5);
  EXPECT_EQ(source.token(false), "token-1");
  EXPECT_EQ(source.token(false), "token-1");
  EXPECT_EQ(endpoint.requests(), 1);
  EXPECT_EQ(endpoint.problems(), std::vector<std::string>{});
}

TEST(SmartBackend, Es384AssertionVerified) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  FakeTokenEndpoint endpoint({.alg = "ES384", .public_key_file = keys.path("ec384.pub")});
  SmartBackendTokenSource source(auth_for(endpoint, keys.path("ec384.key"), "ES384"), std::nullopt,
                                 5);
  EXPECT_EQ(source.token(false), "token-1");
  EXPECT_EQ(source.token(true), "token-2");  // a fresh assertion with a new jti
  EXPECT_EQ(endpoint.requests(), 2);
  EXPECT_EQ(endpoint.problems(), std::vector<std::string>{});
}

TEST(SmartBackend, WrongKeyFailsTheEndpointsCheck) {
  // The endpoint verifies with another RSA key pair's public key: the check must fail.
  TestKeys keys, other;
  ASSERT_TRUE(keys.ok() && other.ok());
  FakeTokenEndpoint endpoint({.alg = "RS384", .public_key_file = other.path("rsa.pub")});
  SmartBackendTokenSource source(auth_for(endpoint, keys.path("rsa.key"), "RS384"), std::nullopt,
                                 5);
  source.token(false);
  EXPECT_EQ(endpoint.problems(), std::vector<std::string>{"signature does not verify"});
}

TEST(SmartBackend, RefreshAfterA401FetchesANewToken) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  FakeTokenEndpoint endpoint({.alg = "RS384", .public_key_file = keys.path("rsa.pub")});
  SmartBackendTokenSource source(auth_for(endpoint, keys.path("rsa.key"), "RS384"), std::nullopt,
                                 5);
  EXPECT_EQ(source.token(false), "token-1");
  EXPECT_EQ(source.token(true), "token-2");
  EXPECT_EQ(source.token(false), "token-2");
  EXPECT_EQ(endpoint.requests(), 2);
}

TEST(SmartBackend, CachedUntilThirtySecondsBeforeExpiry) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  FakeTokenEndpoint endpoint({.alg = "ES384", .public_key_file = keys.path("ec384.pub")});
  endpoint.answer(200, R"({"access_token":"token-{n}","token_type":"Bearer","expires_in":120})");
  TestClock clock;
  const int64_t start = clock.now;
  SmartBackendTokenSource source(auth_for(endpoint, keys.path("ec384.key"), "ES384"), std::nullopt,
                                 5, clock.fn());
  EXPECT_EQ(source.token(false), "token-1");
  clock.now = start + 89;
  EXPECT_EQ(source.token(false), "token-1");
  EXPECT_EQ(endpoint.requests(), 1);
  clock.now = start + 90;  // 30 s before the 120 s expiry
  EXPECT_EQ(source.token(false), "token-2");
  EXPECT_EQ(endpoint.requests(), 2);
  EXPECT_EQ(endpoint.problems(), std::vector<std::string>{});
}

TEST(SmartBackend, ErrorStatusesArePushAuthErrorsWithTheOAuthCode) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  FakeTokenEndpoint endpoint({.alg = "RS384", .public_key_file = keys.path("rsa.pub")});
  SmartBackendTokenSource source(auth_for(endpoint, keys.path("rsa.key"), "RS384"), std::nullopt,
                                 5);
  for (auto [status, code] : {std::pair{400, "invalid_scope"}, std::pair{401, "invalid_client"}}) {
    endpoint.answer(status, std::string(R"({"error":")") + code +
                                R"(","error_description":"client titrate-north: bad"})");
    try {
      source.token(false);
      ADD_FAILURE() << "expected PushAuthError for " << status;
    } catch (const PushAuthError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(std::to_string(status)), std::string::npos) << what;
      EXPECT_NE(what.find(code), std::string::npos) << what;
      EXPECT_NE(what.find(endpoint.url()), std::string::npos) << what;
      EXPECT_EQ(what.find("eyJ"), std::string::npos) << what;  // no assertion
      EXPECT_EQ(what.find("bad"), std::string::npos) << what;  // no free text
    }
  }
  // A failure is not cached: the next call asks again and gets a token.
  endpoint.answer(200, R"({"access_token":"token-{n}","token_type":"bearer","expires_in":300})");
  EXPECT_EQ(source.token(false), "token-3");
}

TEST(SmartBackend, AnswerWithoutATokenIsAnError) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  FakeTokenEndpoint endpoint({.alg = "RS384", .public_key_file = keys.path("rsa.pub")});
  endpoint.answer(200, R"({"token_type":"bearer"})");
  SmartBackendTokenSource source(auth_for(endpoint, keys.path("rsa.key"), "RS384"), std::nullopt,
                                 5);
  EXPECT_THROW(source.token(false), PushAuthError);
  endpoint.answer(200, R"({"access_token":"abc","token_type":"mac"})");
  EXPECT_THROW(source.token(false), PushAuthError);
}

TEST(SmartBackend, UnreachableEndpointIsAPushAuthError) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  config::PushAuthConfig auth;
  {
    FakeTokenEndpoint gone({.public_key_file = keys.path("rsa.pub")});
    auth = auth_for(gone, keys.path("rsa.key"), "RS384");
  }
  SmartBackendTokenSource source(auth, std::nullopt, 2);
  try {
    source.token(false);
    FAIL() << "expected PushAuthError";
  } catch (const PushAuthError& e) {
    EXPECT_NE(std::string(e.what()).find("unreachable"), std::string::npos) << e.what();
  }
}

TEST(SmartBackend, KeysThatDoNotFitTheAlgorithmAreRefusedAtStart) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  FakeTokenEndpoint endpoint({.public_key_file = keys.path("rsa.pub")});
  const auto make = [&](const char* key, const char* alg) {
    SmartBackendTokenSource source(auth_for(endpoint, keys.path(key), alg), std::nullopt, 5);
  };
  EXPECT_THROW(make("ec384.key", "RS384"), PushAuthError);
  EXPECT_THROW(make("rsa.key", "ES384"), PushAuthError);
  EXPECT_THROW(make("ec256.key", "ES384"), PushAuthError);
  EXPECT_THROW(make("missing.key", "RS384"), PushAuthError);
  EXPECT_THROW(make("rsa.key", "HS256"), PushAuthError);
  EXPECT_NO_THROW(make("rsa.key", "RS384"));
  EXPECT_EQ(endpoint.requests(), 0);  // keys are checked without asking for a token
}

TEST(SmartAssertion, Es384SignaturesAreAlwaysRAndSOf48Bytes) {
  // R or S with leading zero bytes must still be padded to 48 bytes each (RFC 7518 §3.4):
  // over 200 signatures, about 1 in 64 has one, so a missing pad would show.
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  SmartAssertionSigner signer(keys.path("ec384.key"), "ES384");
  std::set<std::string> jtis;
  for (int i = 0; i < 200; ++i) {
    SmartAssertionClaims claims;
    claims.client_id = "c";
    claims.audience = "https://ehr.example/token";
    claims.jti = new_assertion_id();
    claims.now_seconds = 1'790'000'000;
    jtis.insert(claims.jti);
    const std::string jwt = signer.sign(claims);
    ASSERT_EQ(verify_signature(jwt, "ES384", keys.path("ec384.pub")), "") << "signature " << i;
  }
  EXPECT_EQ(jtis.size(), 200u);
}

TEST(SmartAssertion, LifetimeIsAtMostFiveMinutes) {
  TestKeys keys;
  ASSERT_TRUE(keys.ok());
  SmartAssertionSigner signer(keys.path("rsa.key"), "RS384");
  SmartAssertionClaims claims;
  claims.client_id = "c";
  claims.audience = "a";
  claims.jti = "j";
  claims.now_seconds = 1'790'000'000;
  claims.lifetime_seconds = 3600;
  const std::string jwt = signer.sign(claims);
  const size_t dot1 = jwt.find('.');
  rapidjson::Document payload;
  payload.Parse(base64url_decode(jwt.substr(dot1 + 1, jwt.rfind('.') - dot1 - 1)).c_str());
  ASSERT_TRUE(payload.IsObject());
  EXPECT_EQ(payload["exp"].GetInt64(), 1'790'000'300);
  EXPECT_EQ(payload["iat"].GetInt64(), 1'790'000'000);
  EXPECT_FALSE(payload.HasMember("kid"));
}

TEST(SmartTokenResponse, ReadsTheFieldsAndTolerantExpiry) {
  std::optional<SmartTokenResponse> r =
      parse_token_response(R"({"access_token":"t","token_type":"bearer","expires_in":"600"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_token, "t");
  EXPECT_EQ(r->expires_in, 600);
  r = parse_token_response(R"({"error":"invalid_client"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, "invalid_client");
  EXPECT_EQ(r->expires_in, 0);
  EXPECT_FALSE(parse_token_response("<html>502</html>"));
  EXPECT_FALSE(parse_token_response("[1]"));
}

}  // namespace
}  // namespace titrate::push
