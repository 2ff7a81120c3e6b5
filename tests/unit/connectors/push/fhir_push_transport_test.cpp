#include "connectors/push/fhir_push_transport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <stdexcept>
#include <string>

#include "../../gateway/bus/bus_test_support.h"
#include "connectors/push/bearer_token_source.h"
#include "fake_ehr_server.h"

namespace titrate::push {
namespace {

OutboxItem observation(std::string id = "obs-1",
                       std::string payload = "{\"resourceType\":\"Observation\"}") {
  OutboxItem item;
  item.id = 1;
  item.destination = "ehr";
  item.resource_type = "Observation";
  item.resource_id = std::move(id);
  item.version = 3;
  item.payload = std::move(payload);
  return item;
}

config::PushDestinationConfig destination(const std::string& base_url) {
  config::PushDestinationConfig d;
  d.name = "ehr";
  d.base_url = base_url;
  d.timeout_seconds = 5;
  return d;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

TEST(FhirPushTransportTest, PutsTheResourceAtItsTypeAndIdAsFhirJson) {
  test::FakeEhrServer ehr;
  ehr.answer({201});
  FhirPushTransport transport(
      destination("http://127.0.0.1:" + std::to_string(ehr.port()) + "/fhir/"), nullptr);
  const OutboxItem item =
      observation("obs-1", "{\"resourceType\":\"Observation\",\"id\":\"obs-1\"}");
  const DeliveryResult result = transport.deliver(item);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kDelivered);
  EXPECT_EQ(result.detail, "HTTP 201");
  const std::vector<test::RecordedRequest> requests = ehr.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].uri, "/fhir/Observation/obs-1");
  EXPECT_EQ(requests[0].content_type, "application/fhir+json");
  EXPECT_EQ(requests[0].body, item.payload);
  EXPECT_EQ(requests[0].authorization, "");
}

TEST(FhirPushTransportTest, MapsStatusesToOutcomes) {
  test::FakeEhrServer ehr;
  FhirPushTransport transport(destination("http://127.0.0.1:" + std::to_string(ehr.port())),
                              nullptr);
  const std::pair<int, DeliveryOutcome> cases[] = {
      {200, DeliveryOutcome::kDelivered}, {204, DeliveryOutcome::kDelivered},
      {400, DeliveryOutcome::kRejected},  {401, DeliveryOutcome::kRejected},
      {404, DeliveryOutcome::kRejected},  {409, DeliveryOutcome::kRejected},
      {422, DeliveryOutcome::kRejected},  {408, DeliveryOutcome::kRetry},
      {429, DeliveryOutcome::kRetry},     {500, DeliveryOutcome::kRetry},
      {503, DeliveryOutcome::kRetry}};
  for (const auto& [status, outcome] : cases) {
    ehr.answer({status});
    const DeliveryResult result = transport.deliver(observation());
    EXPECT_EQ(result.outcome, outcome) << status;
    EXPECT_EQ(result.detail, "HTTP " + std::to_string(status));
  }
  EXPECT_EQ(ehr.requests().back().uri, "/Observation/obs-1");  // a base URL without a path
}

TEST(FhirPushTransportTest, KeepsOneConnectionAlive) {
  test::FakeEhrServer ehr;
  FhirPushTransport transport(destination("http://127.0.0.1:" + std::to_string(ehr.port())),
                              nullptr);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(transport.deliver(observation(test::numbered("o", i))).outcome,
              DeliveryOutcome::kDelivered);
  }
  std::set<std::string> clients;
  for (const test::RecordedRequest& r : ehr.requests()) clients.insert(r.client);
  EXPECT_EQ(clients.size(), 1u);
}

TEST(FhirPushTransportTest, AnUnreachableOrSlowDestinationIsRetried) {
  uint16_t closed_port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    closed_port = probe.address().port();
  }
  FhirPushTransport refused(destination("http://127.0.0.1:" + std::to_string(closed_port)),
                            nullptr);
  const DeliveryResult result = refused.deliver(observation());
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_NE(result.detail.find("refused"), std::string::npos) << result.detail;

  test::FakeEhrServer ehr;
  ehr.delay(std::chrono::milliseconds(2500));
  config::PushDestinationConfig slow =
      destination("http://127.0.0.1:" + std::to_string(ehr.port()));
  slow.timeout_seconds = 1;
  FhirPushTransport transport(slow, nullptr);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(transport.deliver(observation()).outcome, DeliveryOutcome::kRetry);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2400));
}

TEST(FhirPushTransportTest, RejectsABaseUrlThatIsNotHttp) {
  EXPECT_THROW(FhirPushTransport(destination("ftp://ehr.example/fhir"), nullptr),
               std::invalid_argument);
  EXPECT_THROW(FhirPushTransport(destination("http:///fhir"), nullptr), std::invalid_argument);
}

TEST(FhirPushTransportTest, SendsTheBearerTokenAndRereadsItOnceAfter401) {
  test::TempDir dir;
  const std::string token_file = dir.file("token");
  write_file(token_file, "old-token\n");
  test::FakeEhrServer ehr;
  ehr.answer_with([](const test::RecordedRequest& r) {
    return r.authorization == "Bearer new-token" ? 201 : 401;
  });
  auto tokens = std::make_shared<BearerTokenSource>(token_file);
  FhirPushTransport transport(destination("http://127.0.0.1:" + std::to_string(ehr.port())),
                              tokens);

  // Still the old token after a refresh: retried later, not rejected.
  DeliveryResult result = transport.deliver(observation());
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(ehr.requests().size(), 2u);
  EXPECT_EQ(ehr.requests()[0].authorization, "Bearer old-token");

  write_file(token_file, "new-token");  // rotated
  result = transport.deliver(observation());
  EXPECT_EQ(result.outcome, DeliveryOutcome::kDelivered);
  const std::vector<test::RecordedRequest> requests = ehr.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[2].authorization, "Bearer old-token");  // cached until the 401
  EXPECT_EQ(requests[3].authorization, "Bearer new-token");

  // The fresh token is cached: one request.
  EXPECT_EQ(transport.deliver(observation()).outcome, DeliveryOutcome::kDelivered);
  EXPECT_EQ(ehr.requests().size(), 5u);
}

TEST(FhirPushTransportTest, NoTokenIsARetryNamingTheFileOnly) {
  test::TempDir dir;
  test::FakeEhrServer ehr;
  FhirPushTransport transport(destination("http://127.0.0.1:" + std::to_string(ehr.port())),
                              std::make_shared<BearerTokenSource>(dir.file("missing-token")));
  const DeliveryResult result = transport.deliver(observation());
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_NE(result.detail.find("missing-token"), std::string::npos) << result.detail;
  EXPECT_TRUE(ehr.requests().empty());
}

class FhirPushTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new test::TempDir;
    test::make_test_pki(pki_->file(""));
  }
  static void TearDownTestSuite() {
    delete pki_;
    pki_ = nullptr;
  }
  static std::string file(const char* name) { return pki_->file(name); }

  static config::TlsConfig server_tls() {
    config::TlsConfig tls;
    tls.certificate = file("server.pem");
    tls.private_key = file("server.key");
    tls.ca = file("ca.pem");
    tls.require_client_certificate = true;
    return tls;
  }
  static config::PushDestinationConfig client(uint16_t port, const char* cert, const char* key,
                                              const char* ca = "ca.pem") {
    config::PushDestinationConfig d =
        destination("https://localhost:" + std::to_string(port) + "/fhir");
    config::TlsConfig tls;
    tls.ca = file(ca);
    if (cert) tls.certificate = file(cert);
    if (key) tls.private_key = file(key);
    d.tls = tls;
    return d;
  }

  static test::TempDir* pki_;
};

test::TempDir* FhirPushTlsTest::pki_ = nullptr;

TEST_F(FhirPushTlsTest, DeliversOverMutualTls) {
  test::FakeEhrServer ehr(server_tls());
  FhirPushTransport transport(client(ehr.port(), "client.pem", "client.key"), nullptr);
  const DeliveryResult first = transport.deliver(observation());
  EXPECT_EQ(first.outcome, DeliveryOutcome::kDelivered) << first.detail;
  EXPECT_EQ(transport.deliver(observation("obs-2")).outcome, DeliveryOutcome::kDelivered);
  ASSERT_EQ(ehr.requests().size(), 2u);
  EXPECT_EQ(ehr.requests()[1].uri, "/fhir/Observation/obs-2");
}

TEST_F(FhirPushTlsTest, WithoutAnAcceptedClientCertificateNothingArrives) {
  test::FakeEhrServer ehr(server_tls());
  FhirPushTransport anonymous(client(ehr.port(), nullptr, nullptr), nullptr);
  EXPECT_EQ(anonymous.deliver(observation()).outcome, DeliveryOutcome::kRetry);
  FhirPushTransport rogue(client(ehr.port(), "rogue.pem", "rogue.key"), nullptr);
  EXPECT_EQ(rogue.deliver(observation()).outcome, DeliveryOutcome::kRetry);
  EXPECT_TRUE(ehr.requests().empty());
}

TEST_F(FhirPushTlsTest, AServerTheCaDoesNotVouchForIsNotTrusted) {
  test::FakeEhrServer ehr(server_tls());
  // The rogue certificate as the only trusted CA: the server's chain does not verify.
  FhirPushTransport transport(client(ehr.port(), "client.pem", "client.key", "rogue.pem"), nullptr);
  EXPECT_EQ(transport.deliver(observation()).outcome, DeliveryOutcome::kRetry);
  EXPECT_TRUE(ehr.requests().empty());
}

}  // namespace
}  // namespace titrate::push
