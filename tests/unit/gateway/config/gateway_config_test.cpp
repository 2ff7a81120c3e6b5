#include "gateway/config/gateway_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gateway/config/config_error.h"

namespace titrate::config {
namespace {

namespace fs = std::filesystem;

class GatewayConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("titrate-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& text) {
    const std::string path = (dir_ / "gateway.json").string();
    std::ofstream(path) << text;
    return path;
  }

  std::string error_of(const std::string& text) {
    try {
      load_gateway_config(write(text));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(GatewayConfigTest, TheShippedDefaultLoads) {
  const GatewayConfig c =
      load_gateway_config(std::string(TITRATE_FIXTURES_DIR) + "/../../config/gateway.json");
  ASSERT_EQ(c.mllp_channels.size(), 1u);
  EXPECT_EQ(c.mllp_channels[0].name, "ehr-mllp");
  EXPECT_EQ(c.mllp_channels[0].port, 2575);
  EXPECT_EQ(c.mllp_channels[0].bind, "127.0.0.1");
  EXPECT_FALSE(c.mllp_channels[0].tls.has_value());
  ASSERT_TRUE(c.http.has_value());
}

TEST_F(GatewayConfigTest, DefaultsAndRelativePaths) {
  const GatewayConfig c = load_gateway_config(
      write(R"({"data_dir": "d", "channels": [{"name": "a", "type": "mllp"}]})"));
  EXPECT_EQ(c.data_dir, (dir_ / "d").string());
  EXPECT_EQ(c.mllp_channels[0].max_connections, 64u);
  EXPECT_EQ(c.mllp_channels[0].max_frame_bytes, 1u << 20);
  EXPECT_EQ(c.hl7v2.max_segments, 5000u);
  EXPECT_FALSE(c.http.has_value());
}

TEST_F(GatewayConfigTest, AllowedSenders) {
  const GatewayConfig c = load_gateway_config(write(
      R"({"channels": [{"name": "a", "type": "mllp", "allowed_senders": [{"application": "EPIC", "facility": "GEN"}, {"application": "LAB"}]}]})"));
  ASSERT_EQ(c.mllp_channels[0].allowed_senders.size(), 2u);
  EXPECT_EQ(c.mllp_channels[0].allowed_senders[1].application, "LAB");
  EXPECT_EQ(c.mllp_channels[0].allowed_senders[1].facility, "");
}

TEST_F(GatewayConfigTest, WrongTypeIsLocated) {
  EXPECT_NE(error_of(R"({"channels": [{"name": "a", "type": "mllp", "port": "2575"}]})")
                .find("gateway.json: /channels/0/port: expected an integer from 0 to 65535"),
            std::string::npos);
}

TEST_F(GatewayConfigTest, UnknownKeyIsRefused) {
  EXPECT_NE(error_of(R"({"channels": [{"name": "a", "type": "mllp", "max_conections": 3}]})")
                .find("/channels/0/max_conections: unknown key"),
            std::string::npos);
}

TEST_F(GatewayConfigTest, MissingNameAndBadType) {
  EXPECT_NE(error_of(R"({"channels": [{"type": "mllp"}]})").find("/channels/0/name: required"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"channels": [{"name": "a", "type": "x12"}]})")
                .find("/channels/0/type: expected \"mllp\""),
            std::string::npos);
}

TEST_F(GatewayConfigTest, DuplicateChannelNames) {
  EXPECT_NE(
      error_of(R"({"channels": [{"name": "a", "type": "mllp"}, {"name": "a", "type": "mllp"}]})")
          .find("/channels/1/name: channel names must be unique"),
      std::string::npos);
}

TEST_F(GatewayConfigTest, TlsNeedsItsFiles) {
  EXPECT_NE(
      error_of(R"({"channels": [{"name": "a", "type": "mllp", "tls": {"certificate": "c.pem"}}]})")
          .find("/channels/0/tls/certificate: a TLS listener needs both"),
      std::string::npos);
  EXPECT_NE(
      error_of(
          R"({"channels": [{"name": "a", "type": "mllp", "tls": {"certificate": "c.pem", "private_key": "k.pem"}}]})")
          .find("/channels/0/tls/certificate: file not found"),
      std::string::npos);
  EXPECT_NE(
      error_of(
          R"({"channels": [{"name": "a", "type": "mllp", "tls": {"certificate": "c", "private_key": "k", "require_client_certificate": true}}]})")
          .find("/channels/0/tls/ca: require_client_certificate needs"),
      std::string::npos);
}

TEST_F(GatewayConfigTest, SyntaxErrorHasItsOffset) {
  EXPECT_NE(error_of(R"({"channels": [})").find("invalid JSON at byte 14"), std::string::npos);
}

TEST_F(GatewayConfigTest, DeepNestingDoesNotOverflowTheStack) {
  std::string deep(200000, '[');
  EXPECT_NE(error_of(deep).find("invalid JSON"), std::string::npos);
}

TEST_F(GatewayConfigTest, MissingFile) {
  EXPECT_THROW(load_gateway_config((dir_ / "absent.json").string()), ConfigError);
}

TEST_F(GatewayConfigTest, LimitsAreChecked) {
  EXPECT_NE(error_of(R"({"hl7v2_limits": {"max_segments": 0}})")
                .find("/hl7v2_limits/max_segments: expected an integer from 1"),
            std::string::npos);
}

}  // namespace
}  // namespace titrate::config
