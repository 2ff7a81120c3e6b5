// TLS settings in the gateway config: http.tls, client TLS of push destinations and the pump
// endpoint, and allowed_senders[].certificate_subject, each error located by its JSON pointer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gateway/config/config_error.h"
#include "gateway/config/gateway_config.h"

namespace titrate::config {
namespace {

namespace fs = std::filesystem;

class TlsConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("titrate-tls-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    // Only their existence is checked when the config is read.
    for (const char* name : {"server.pem", "server.key", "ca.pem", "client.pem", "client.key"})
      std::ofstream(dir_ / name) << "PEM\n";
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
  // A channel with the given tls (JSON, may be empty) and one allowed sender.
  static std::string channel(const std::string& tls, const std::string& sender) {
    return R"({"channels": [{"name": "ehr", "type": "mllp")" +
           (tls.empty() ? std::string() : ", \"tls\": " + tls) + R"(, "allowed_senders": [)" +
           sender + "]}]}";
  }

  static constexpr const char* kMutualTls =
      R"({"certificate": "server.pem", "private_key": "server.key", "ca": "ca.pem",
          "require_client_certificate": true})";
  static constexpr const char* kBoundSender =
      R"({"application": "CLINICEHR", "certificate_subject": "CN=clinic-ehr,O=North Clinic"})";

  fs::path dir_;
};

TEST_F(TlsConfigTest, HttpsListenerIsReadWithPathsResolved) {
  const GatewayConfig c = load_gateway_config(write(
      R"({"http": {"port": 8443, "tls": {"certificate": "server.pem", "private_key": "server.key",
                   "ca": "ca.pem", "require_client_certificate": true,
                   "ciphers": "ECDHE+AESGCM"}}})"));
  ASSERT_TRUE(c.http && c.http->tls);
  EXPECT_EQ(c.http->tls->certificate, (dir_ / "server.pem").string());
  EXPECT_EQ(c.http->tls->private_key, (dir_ / "server.key").string());
  EXPECT_EQ(c.http->tls->ca, (dir_ / "ca.pem").string());
  EXPECT_TRUE(c.http->tls->require_client_certificate);
  EXPECT_EQ(c.http->tls->ciphers, "ECDHE+AESGCM");
  EXPECT_FALSE(load_gateway_config(write(R"({"http": {}})")).http->tls.has_value());
}

TEST_F(TlsConfigTest, HttpsListenerErrorsAreLocated) {
  EXPECT_NE(
      error_of(R"({"http": {"tls": {"certificate": "server.pem"}}})")
          .find("/http/tls/certificate: a TLS listener needs both certificate and private_key"),
      std::string::npos);
  EXPECT_NE(
      error_of(R"({"http": {"tls": {"certificate": "server.pem", "private_key": "nope.key"}}})")
          .find("/http/tls/private_key: file not found"),
      std::string::npos);
  EXPECT_NE(error_of(R"({"http": {"tls": {"certificate": "server.pem", "private_key": "server.key",
                                          "require_client_certificate": true}}})")
                .find("/http/tls/ca: require_client_certificate needs"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"http": {"tls": {"certificate": "server.pem", "private_key": "server.key",
                                          "verify": "yes"}}})")
                .find("/http/tls"),
            std::string::npos);
}

TEST_F(TlsConfigTest, CertificateSubjectIsKeptForAMutualTlsChannel) {
  const GatewayConfig c = load_gateway_config(write(channel(kMutualTls, kBoundSender)));
  ASSERT_EQ(c.mllp_channels[0].allowed_senders.size(), 1u);
  EXPECT_EQ(c.mllp_channels[0].allowed_senders[0].certificate_subject,
            "CN=clinic-ehr,O=North Clinic");
  const GatewayConfig unbound = load_gateway_config(
      write(channel("", R"({"application": "CLINICEHR", "facility": "NORTH"})")));
  EXPECT_EQ(unbound.mllp_channels[0].allowed_senders[0].certificate_subject, "");
}

TEST_F(TlsConfigTest, CertificateSubjectNeedsAChannelThatRequiresClientCertificates) {
  const std::string expected =
      "/channels/0/allowed_senders/0/certificate_subject: a certificate subject needs "
      "tls.require_client_certificate";
  EXPECT_NE(error_of(channel("", kBoundSender)).find(expected), std::string::npos)
      << error_of(channel("", kBoundSender));
  const std::string tls_only =
      R"({"certificate": "server.pem", "private_key": "server.key", "ca": "ca.pem"})";
  EXPECT_NE(error_of(channel(tls_only, kBoundSender)).find(expected), std::string::npos);
}

TEST_F(TlsConfigTest, CertificateSubjectMustBeInTheFormTheGatewayReads) {
  for (const char* pasted : {"/CN=clinic-ehr/O=North Clinic", "CN = clinic-ehr, O = North Clinic",
                             "subject=CN=clinic-ehr,O=North Clinic", "clinic-ehr"}) {
    const std::string error =
        error_of(channel(kMutualTls, R"({"application": "CLINICEHR", "certificate_subject": ")" +
                                         std::string(pasted) + "\"}"));
    EXPECT_NE(error.find("/channels/0/allowed_senders/0/certificate_subject: expected the subject "
                         "as `openssl x509 -noout -subject -nameopt RFC2253,-dn_rev` prints it"),
              std::string::npos)
        << pasted << ": " << error;
  }
  const GatewayConfig escaped = load_gateway_config(write(channel(
      kMutualTls,
      R"({"application": "CLINICEHR", "certificate_subject": "C=US,O=North\\, Inc.,CN=ehr"})")));
  EXPECT_EQ(escaped.mllp_channels[0].allowed_senders[0].certificate_subject,
            "C=US,O=North\\, Inc.,CN=ehr");
}

TEST_F(TlsConfigTest, ClientTlsNeedsCertificateAndKeyTogether) {
  EXPECT_NE(error_of(R"({"push": [{"name": "ehr", "base_url": "https://ehr.example/fhir",
                                    "tls": {"ca": "ca.pem", "certificate": "client.pem"}}]})")
                .find("/push/0/tls/private_key: a client certificate needs both"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"pump_endpoint": {"host": "pumps", "port": 2600,
                                          "tls": {"private_key": "client.key"}}})")
                .find("/pump_endpoint/tls/certificate: a client certificate needs both"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"push": [{"name": "ehr", "base_url": "https://ehr.example/fhir",
                                    "tls": {"ca": "ca.pem", "require_client_certificate": true}}]})")
                .find("/push/0/tls/require_client_certificate: only listeners"),
            std::string::npos);
  const GatewayConfig c =
      load_gateway_config(write(R"({"push": [{"name": "ehr", "base_url": "https://ehr.example/fhir",
                          "tls": {"ca": "ca.pem", "certificate": "client.pem",
                                  "private_key": "client.key"}}]})"));
  ASSERT_TRUE(c.push_destinations[0].tls);
  EXPECT_EQ(c.push_destinations[0].tls->certificate, (dir_ / "client.pem").string());
}

}  // namespace
}  // namespace titrate::config
