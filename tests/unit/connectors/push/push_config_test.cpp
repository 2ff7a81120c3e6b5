// The "push" destinations of the gateway config.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "../../gateway/bus/bus_test_support.h"
#include "gateway/config/config_error.h"
#include "gateway/config/gateway_config.h"

namespace titrate::config {
namespace {

class PushConfigTest : public ::testing::Test {
 protected:
  std::string write(const std::string& push) {
    const std::string path = dir_.file("gateway.json");
    std::ofstream(path) << R"({"channels": [{"name": "a", "type": "mllp"}], "push": )" << push
                        << "}";
    std::ofstream(dir_.file("token")) << "secret\n";
    return path;
  }
  std::string error_of(const std::string& push) {
    try {
      load_gateway_config(write(push));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }

  test::TempDir dir_;
};

TEST_F(PushConfigTest, ReadsFhirAndHl7v2DestinationsWithDefaults) {
  const GatewayConfig c = load_gateway_config(write(R"([
    {"name": "ehr", "base_url": "https://ehr.example/fhir",
     "auth": {"type": "bearer", "bearer_token_file": "token"},
     "resource_types": ["MedicationAdministration", "Observation"],
     "max_attempts": 4, "initial_backoff_ms": 100, "max_backoff_ms": 2000},
    {"name": "his", "type": "hl7v2", "host": "his.example", "port": 2576,
     "receiving_application": "HIS", "timeout_seconds": 3}
  ])"));
  ASSERT_EQ(c.push_destinations.size(), 2u);
  const PushDestinationConfig& ehr = c.push_destinations[0];
  EXPECT_EQ(ehr.type, "fhir");
  EXPECT_EQ(ehr.base_url, "https://ehr.example/fhir");
  EXPECT_EQ(ehr.auth.type, "bearer");
  EXPECT_EQ(ehr.auth.bearer_token_file, dir_.file("token"));  // relative to the config
  EXPECT_EQ(ehr.resource_types.size(), 2u);
  EXPECT_EQ(ehr.max_attempts, 4);
  EXPECT_EQ(ehr.initial_backoff_ms, 100);
  EXPECT_EQ(ehr.max_backoff_ms, 2000);
  EXPECT_EQ(ehr.timeout_seconds, 10);
  const PushDestinationConfig& his = c.push_destinations[1];
  EXPECT_EQ(his.type, "hl7v2");
  EXPECT_EQ(his.host, "his.example");
  EXPECT_EQ(his.port, 2576);
  EXPECT_EQ(his.receiving_application, "HIS");
  EXPECT_EQ(his.sending_application, "TITRATE");
  EXPECT_EQ(his.timeout_seconds, 3);
  EXPECT_EQ(his.max_attempts, 10);
}

TEST_F(PushConfigTest, MistakesAreLocated) {
  EXPECT_NE(error_of(R"([{"base_url": "http://x"}])").find("/push/0/name"), std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "base_url": "ftp://x"}])").find("/push/0/base_url"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "type": "soap"}])").find("/push/0/type"), std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "base_url": "http://x", "colour": 1}])").find("colour"),
            std::string::npos);
  // A key of the other type is unknown here.
  EXPECT_NE(error_of(R"([{"name": "e", "base_url": "http://x", "host": "h"}])").find("host"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "type": "hl7v2", "host": "h"}])").find("/push/0/port"),
            std::string::npos);
  EXPECT_NE(
      error_of(R"([{"name": "e", "base_url": "http://x", "resource_types": ["Practitioner"]}])")
          .find("/push/0/resource_types"),
      std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "base_url": "http://x",
                          "auth": {"type": "bearer", "bearer_token_file": "nope"}}])")
                .find("/push/0/auth/bearer_token_file"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "base_url": "http://x", "auth": {"type": "basic"}}])")
                .find("/push/0/auth/type"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "base_url": "http://x",
                          "auth": {"type": "smart-backend", "token_url": "https://t",
                                   "client_id": "c", "private_key": "token",
                                   "algorithm": "HS256"}}])")
                .find("/push/0/auth/algorithm"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "base_url": "http://x", "max_attempts": 0}])")
                .find("/push/0/max_attempts"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"name": "e", "base_url": "http://x", "initial_backoff_ms": 500,
                          "max_backoff_ms": 100}])")
                .find("/push/0/max_backoff_ms"),
            std::string::npos);
  EXPECT_NE(
      error_of(R"([{"name": "e", "base_url": "http://x"}, {"name": "e", "base_url": "http://y"}])")
          .find("/push/1/name"),
      std::string::npos);
}

}  // namespace
}  // namespace titrate::config
