// The abuse-limit keys of the gateway config: defaults that leave the benchmarks alone, and
// located errors for bad values.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gateway/config/config_error.h"
#include "gateway/config/gateway_config.h"

namespace titrate::config {
namespace {

namespace fs = std::filesystem;

class LimitsConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("titrate-limits-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  GatewayConfig load(const std::string& text) {
    const std::string path = (dir_ / "gateway.json").string();
    std::ofstream(path) << text;
    return load_gateway_config(path);
  }
  std::string error_of(const std::string& text) {
    try {
      load(text);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(LimitsConfigTest, DefaultsAreGenerousAndRateLimitsOff) {
  const GatewayConfig c = load(R"({"http": {}, "channels": [{"name": "a", "type": "mllp"}]})");
  const MllpChannelConfig& ch = c.mllp_channels[0];
  EXPECT_FALSE(ch.rate_limit.enabled());
  EXPECT_EQ(ch.max_connections_per_client, 0u);
  EXPECT_EQ(ch.frame_timeout_seconds, 60);
  ASSERT_TRUE(c.http);
  EXPECT_FALSE(c.http->rate_limit.enabled());
  EXPECT_EQ(c.http->max_connections_per_client, 0u);
  EXPECT_EQ(c.http->max_header_fields, 100u);
  EXPECT_EQ(c.http->max_header_bytes, 64u * 1024);
  EXPECT_EQ(c.http->request_header_timeout_seconds, 20);
  EXPECT_EQ(c.http->request_body_timeout_seconds, 60);
}

TEST_F(LimitsConfigTest, ReadsEveryLimit) {
  const GatewayConfig c = load(R"({
    "http": {"rate_limit": {"requests_per_second": 50, "burst": 200},
             "max_connections_per_client": 8, "max_header_fields": 40, "max_header_bytes": 8192,
             "request_header_timeout_seconds": 5, "request_body_timeout_seconds": 30},
    "channels": [{"name": "a", "type": "mllp", "max_connections_per_client": 4,
                  "frame_timeout_seconds": 10,
                  "rate_limit": {"messages_per_second": 100}}]})");
  EXPECT_EQ(c.http->rate_limit.per_second, 50);
  EXPECT_EQ(c.http->rate_limit.burst, 200);
  EXPECT_EQ(c.http->max_connections_per_client, 8u);
  EXPECT_EQ(c.http->max_header_fields, 40u);
  EXPECT_EQ(c.http->max_header_bytes, 8192u);
  EXPECT_EQ(c.http->request_header_timeout_seconds, 5);
  EXPECT_EQ(c.http->request_body_timeout_seconds, 30);
  const MllpChannelConfig& ch = c.mllp_channels[0];
  EXPECT_EQ(ch.max_connections_per_client, 4u);
  EXPECT_EQ(ch.frame_timeout_seconds, 10);
  EXPECT_TRUE(ch.rate_limit.enabled());
  EXPECT_EQ(ch.rate_limit.per_second, 100);
  EXPECT_EQ(ch.rate_limit.burst, 100);  // burst defaults to the rate
}

TEST_F(LimitsConfigTest, BadValuesAreLocated) {
  EXPECT_NE(error_of(R"({"http": {"rate_limit": {"burst": 5}}})")
                .find("/http/rate_limit/requests_per_second: rate_limit needs requests_per_second"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"http": {"rate_limit": {"requests_per_second": 0}}})")
                .find("/http/rate_limit/requests_per_second: expected an integer from 1"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"http": {"rate_limit": {"requests_per_second": 5, "brust": 9}}})")
                .find("/http/rate_limit/brust"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"http": {"max_header_fields": 500}})")
                .find("/http/max_header_fields: expected an integer from 1 to 100"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"http": {"request_header_timeout_seconds": 0}})")
                .find("/http/request_header_timeout_seconds"),
            std::string::npos);
  EXPECT_NE(
      error_of(
          R"({"channels": [{"name": "a", "type": "mllp", "rate_limit": {"requests_per_second": 5}}]})")
          .find("/channels/0/rate_limit/messages_per_second: rate_limit needs messages_per_second"),
      std::string::npos);
  EXPECT_NE(
      error_of(R"({"channels": [{"name": "a", "type": "mllp", "frame_timeout_seconds": -1}]})")
          .find("/channels/0/frame_timeout_seconds"),
      std::string::npos);
}

}  // namespace
}  // namespace titrate::config
