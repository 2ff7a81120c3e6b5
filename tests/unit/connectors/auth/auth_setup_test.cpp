#include "connectors/auth/auth_setup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gateway/config/config_error.h"
#include "tests/unit/connectors/auth/token_support.h"

namespace titrate::auth {
namespace {

namespace fs = std::filesystem;

class AuthSetupTest : public ::testing::Test {
 protected:
  AuthSetupTest() {
    dir_ = fs::temp_directory_path() /
           ("titrate-auth-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    const test::Key key = test::generate_ec_key("P-384");
    std::ofstream(dir_ / "jwks.json") << test::jwks(test::jwk(key.get(), "k"));
  }
  ~AuthSetupTest() override { fs::remove_all(dir_); }

  config::GatewayConfig load(const std::string& text) {
    std::ofstream(dir_ / "gateway.json") << text;
    return config::load_gateway_config((dir_ / "gateway.json").string());
  }

  std::string load_error(const std::string& text) {
    try {
      load(text);
    } catch (const config::ConfigError& e) {
      return e.pointer() + ": " + e.what();
    }
    return "";
  }

  fs::path dir_;
};

TEST_F(AuthSetupTest, LoopbackDefaultsToOffOtherAddressesToRequired) {
  EXPECT_EQ(effective_auth_mode(load(R"({"http": {"bind": "127.0.0.1"}})"), ""), "off");
  EXPECT_EQ(effective_auth_mode(load(R"({"http": {"bind": "::1"}})"), ""), "off");
  EXPECT_EQ(effective_auth_mode(load(R"({"http": {"bind": "0.0.0.0"}})"), ""), "required");
  EXPECT_EQ(effective_auth_mode(load(R"({"http": {"bind": "0.0.0.0"}})"), "off"), "off");
  EXPECT_EQ(
      effective_auth_mode(load(R"({"auth": {"mode": "off"}, "http": {"bind": "10.1.2.3"}})"), ""),
      "off");
}

TEST_F(AuthSetupTest, RequiredConfigBuildsAGuard) {
  const config::GatewayConfig c = load(R"({"http": {}, "auth": {"mode": "required",
      "jwks_file": "jwks.json", "issuer": "https://as.example", "audience": "https://gw/fhir",
      "clock_skew_seconds": 30}})");
  EXPECT_EQ(c.auth.jwks_file, (dir_ / "jwks.json").string());
  EXPECT_EQ(c.auth.clock_skew_seconds, 30);
  EXPECT_NE(make_bearer_guard(c, effective_auth_mode(c, "")), nullptr);
  EXPECT_EQ(make_bearer_guard(c, "off"), nullptr);
}

TEST_F(AuthSetupTest, RequiredWithoutKeysIsALocatedError) {
  EXPECT_NE(load_error(R"({"auth": {"mode": "required", "issuer": "i", "audience": "a"}})")
                .find("/auth/jwks_file"),
            std::string::npos);
  EXPECT_NE(load_error(R"({"auth": {"mode": "required", "jwks_file": "jwks.json",
      "audience": "a"}})")
                .find("/auth/issuer"),
            std::string::npos);
  EXPECT_NE(load_error(R"({"auth": {"mode": "sometimes"}})").find("/auth/mode"), std::string::npos);
  EXPECT_NE(load_error(R"({"auth": {"jwks_file": "missing.json"}})").find("file not found"),
            std::string::npos);
  EXPECT_NE(load_error(R"({"auth": {"jwks": "x"}})").find("/auth"), std::string::npos);
  // Required by default (non-loopback bind) or by --auth required, with nothing configured.
  const config::GatewayConfig open = load(R"({"http": {"bind": "0.0.0.0"}})");
  try {
    make_bearer_guard(open, effective_auth_mode(open, ""));
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(e.pointer(), "/auth");
  }
  const config::GatewayConfig local = load(R"({"http": {}})");
  EXPECT_THROW(make_bearer_guard(local, "required"), config::ConfigError);
}

TEST_F(AuthSetupTest, ABrokenJwksFileStopsStartUp) {
  std::ofstream(dir_ / "bad.json") << R"({"keys":[{"kty":"oct","k":"AAAA"}]})";
  const config::GatewayConfig c = load(R"({"auth": {"mode": "required",
      "jwks_file": "bad.json", "issuer": "i", "audience": "a"}})");
  EXPECT_THROW(make_bearer_guard(c, "required"), config::ConfigError);
}

}  // namespace
}  // namespace titrate::auth
