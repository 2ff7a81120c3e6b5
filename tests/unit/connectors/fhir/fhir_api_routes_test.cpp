#include "connectors/fhir/fhir_api_routes.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "connectors/fhir/fhir_metadata_route.h"
#include "connectors/http/http_server.h"
#include "gateway/config/config_error.h"
#include "gateway/outbound/fhir_index.h"
#include "mappers/outbound/fhir/patient.h"
#include "mappers/outbound/fhir/service_request.h"
#include "tests/unit/gateway/bus/bus_test_support.h"
#include "tests/unit/gateway/outbound/order_samples.h"

namespace titrate::fhir {
namespace {

constexpr const char* kStatement = R"({
  "resourceType": "CapabilityStatement", "status": "active", "kind": "instance",
  "date": "2026-01-01", "fhirVersion": "4.0.1", "format": ["json"],
  "software": {"name": "Titrate"},
  "rest": [{"mode": "server", "resource": [{"type": "Patient"}]}]
})";

store::ResourceStoreOptions sqlite_store(const std::string& path) {
  store::ResourceStoreOptions options;
  options.path = path;
  return options;
}

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  rapidjson::Document json() const {
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    EXPECT_FALSE(doc.HasParseError()) << body;
    return doc;
  }
  std::string issue_code() const {
    const rapidjson::Document doc = json();
    if (!doc.IsObject() || !doc.HasMember("resourceType") ||
        std::string(doc["resourceType"].GetString()) != "OperationOutcome") {
      return "<not an OperationOutcome>";
    }
    return doc["issue"][0]["code"].GetString();
  }
};

class FhirApiRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    write(statement_file_, kStatement);
    namespace ts = outbound::fhir::test_support;
    put(outbound::fhir::map_patient(ts::admitted_patient()));
    put(outbound::fhir::map_service_request(ts::referral_order()));
    FhirApiOptions options;
    options.capability_statement = statement_file_;
    config::HttpConfig config;
    config.bind = "127.0.0.1";
    config.port = 0;
    config.max_threads = 4;
    server_ = std::make_unique<http::HttpServer>(config, fhir_api_routes(store_, options));
    server_->start();
    port_ = static_cast<uint16_t>(
        std::stoi(server_->address().substr(server_->address().rfind(':') + 1)));
  }

  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }

  void put(const outbound::fhir::FhirResource& r) {
    store_.put(r.type, r.id, r.json, outbound::index_entries(r));
  }

  Reply request(const std::string& method, const std::string& uri,
                const std::map<std::string, std::string>& headers = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port_);
    Poco::Net::HTTPRequest req(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) req.set(name, value);
    session.sendRequest(req);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Reply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    for (const auto& [name, value] : response) reply.headers[name] = value;
    return reply;
  }
  Reply get(const std::string& uri, const std::map<std::string, std::string>& headers = {}) {
    return request("GET", uri, headers);
  }
  size_t total(const std::string& uri) {
    const Reply reply = get(uri);
    EXPECT_EQ(reply.status, 200) << uri << ": " << reply.body;
    const rapidjson::Document doc = reply.json();
    return doc.IsObject() && doc.HasMember("total") ? doc["total"].GetUint64() : 999;
  }

  test::TempDir dir_;
  std::string statement_file_ = dir_.file("CapabilityStatement-titrate.json");
  store::ResourceStore store_{sqlite_store(dir_.file("journal.db"))};
  std::unique_ptr<http::HttpServer> server_;
  uint16_t port_ = 0;
};

TEST_F(FhirApiRoutes, MetadataFillsInWhatOnlyTheRunningServerKnows) {
  for (const char* uri : {"/fhir/metadata", "/fhir/metadata?_format=json",
                          "/fhir/metadata?_format=application/fhir%2Bjson"}) {
    const Reply reply = get(uri, {{"Host", "gw.test:8080"}});
    ASSERT_EQ(reply.status, 200) << uri << ": " << reply.body;
    EXPECT_EQ(reply.headers.at("Content-Type").rfind("application/fhir+json", 0), 0u);
    const rapidjson::Document doc = reply.json();
    EXPECT_STREQ(doc["resourceType"].GetString(), "CapabilityStatement");
    EXPECT_STREQ(doc["implementation"]["url"].GetString(), "http://gw.test:8080/fhir");
    EXPECT_STREQ(doc["software"]["name"].GetString(), "Titrate");
    EXPECT_STREQ(doc["software"]["version"].GetString(), titrate_version());
    const std::string date = doc["date"].GetString();
    EXPECT_NE(date, "2026-01-01");
    EXPECT_EQ(date.back(), 'Z');
    EXPECT_EQ(doc["rest"][0]["resource"][0]["type"], "Patient");
  }
}

TEST_F(FhirApiRoutes, AMissingOrInvalidCapabilityStatementFailsWithItsLocation) {
  const auto message = [](const std::string& file) {
    try {
      CapabilityStatement::load(file);
    } catch (const config::ConfigError& e) {
      EXPECT_EQ(e.file(), file);
      return std::string(e.what());
    }
    return std::string("<loaded>");
  };
  EXPECT_NE(message(dir_.file("absent.json")).find("readable"), std::string::npos);
  write(dir_.file("broken.json"), "{\"resourceType\": ");
  EXPECT_NE(message(dir_.file("broken.json")).find("at byte"), std::string::npos);
  write(dir_.file("wrong.json"), R"({"resourceType": "Patient"})");
  EXPECT_NE(message(dir_.file("wrong.json")).find("/resourceType"), std::string::npos);
  write(dir_.file("stu3.json"), R"({"resourceType": "CapabilityStatement", "fhirVersion": "3.0.2",
                                    "rest": [{}]})");
  EXPECT_NE(message(dir_.file("stu3.json")).find("/fhirVersion"), std::string::npos);
  write(dir_.file("norest.json"), R"({"resourceType": "CapabilityStatement",
                                      "fhirVersion": "4.0.1"})");
  EXPECT_NE(message(dir_.file("norest.json")).find("/rest"), std::string::npos);
  FhirApiOptions options;
  options.capability_statement = dir_.file("absent.json");
  EXPECT_THROW(fhir_api_routes(store_, options), config::ConfigError);
}

#ifdef TITRATE_CONFIG_DIR
TEST_F(FhirApiRoutes, TheRepositorysCapabilityStatementLoadsWhenPresent) {
  const std::string file =
      std::string(TITRATE_CONFIG_DIR) + "/../fhir-profiles/" + kCapabilityStatementFile;
  if (!std::ifstream(file)) GTEST_SKIP() << file << " is not written yet";
  EXPECT_NO_THROW(CapabilityStatement::load(file));
}
#endif

TEST_F(FhirApiRoutes, AnAcceptOrFormatThatIsNotJsonIs406) {
  EXPECT_EQ(get("/fhir/metadata", {{"Accept", "application/fhir+xml"}}).status, 406);
  const Reply xml = get("/fhir/Patient", {{"Accept", "application/xml, text/html"}});
  EXPECT_EQ(xml.status, 406);
  EXPECT_EQ(xml.issue_code(), "not-supported");
  EXPECT_EQ(get("/fhir/metadata?_format=xml").status, 406);
  EXPECT_EQ(get("/fhir/Patient?_format=xml").status, 406);
  EXPECT_EQ(get("/fhir/Patient", {{"Accept", "text/html, application/fhir+json;q=0.9"}}).status,
            200);
  EXPECT_EQ(get("/fhir/Patient", {{"Accept", "*/*"}}).status, 200);
  EXPECT_EQ(get("/fhir/Patient?_format=json", {{"Accept", "text/html"}}).status, 200);
}

TEST_F(FhirApiRoutes, WritesAre405WithAnOperationOutcome) {
  for (const char* method : {"PUT", "PATCH", "DELETE"}) {
    const Reply reply = request(method, "/fhir/Patient/x");
    EXPECT_EQ(reply.status, 405) << method;
    EXPECT_EQ(reply.issue_code(), "not-supported");
    EXPECT_EQ(reply.headers.count("Allow") ? reply.headers.at("Allow") : "", "GET");
  }
}

TEST_F(FhirApiRoutes, ErrorsAreOperationOutcomesWithTheirStatus) {
  const Reply unknown_type = get("/fhir/Basic/1");
  EXPECT_EQ(unknown_type.status, 404);
  EXPECT_EQ(unknown_type.issue_code(), "not-supported");
  const Reply unknown_id = get("/fhir/Patient/nobody");
  EXPECT_EQ(unknown_id.status, 404);
  EXPECT_EQ(unknown_id.issue_code(), "not-found");
  const Reply bad_param = get("/fhir/Patient?colour=red");
  EXPECT_EQ(bad_param.status, 400);
  EXPECT_EQ(bad_param.issue_code(), "invalid");
  EXPECT_EQ(get("/fhir/Patient?birthdate=yesterday").status, 400);
}

TEST_F(FhirApiRoutes, PatientSearchParameters) {
  EXPECT_EQ(total("/fhir/Patient?identifier=http://hospital.example/mrn%7CMRN-1"), 1u);
  EXPECT_EQ(total("/fhir/Patient?identifier=MRN-1"), 1u);
  EXPECT_EQ(total("/fhir/Patient?identifier=http://other.example/mrn%7CMRN-1"), 0u);
  EXPECT_EQ(total("/fhir/Patient?family=fict"), 1u);
  EXPECT_EQ(total("/fhir/Patient?family=Welby"), 0u);
  EXPECT_EQ(total("/fhir/Patient?name=alex"), 1u);
  EXPECT_EQ(total("/fhir/Patient?birthdate=1982-05-17"), 1u);
  EXPECT_EQ(total("/fhir/Patient?birthdate=1982"), 1u);
  EXPECT_EQ(total("/fhir/Patient?birthdate=1983"), 0u);
  EXPECT_EQ(total("/fhir/Patient?gender=female"), 1u);
  EXPECT_EQ(total("/fhir/Patient?gender=male"), 0u);
}

TEST_F(FhirApiRoutes, ServiceRequestSearchParameters) {
  EXPECT_EQ(total("/fhir/ServiceRequest?identifier=PLC7002"), 1u);
  EXPECT_EQ(total("/fhir/ServiceRequest?identifier=nope"), 0u);
  EXPECT_EQ(total("/fhir/ServiceRequest?patient=http://hospital.example/mrn%7CMRN-1"), 1u);
  EXPECT_EQ(total("/fhir/ServiceRequest?patient=MRN-2"), 0u);
  EXPECT_EQ(total("/fhir/ServiceRequest?status=active"), 1u);
  EXPECT_EQ(total("/fhir/ServiceRequest?status=revoked"), 0u);
  EXPECT_EQ(total("/fhir/ServiceRequest?authored=2026-11-21"), 1u);
  EXPECT_EQ(total("/fhir/ServiceRequest?authored=lt2026-11-01"), 0u);
  const Reply read = get("/fhir/ServiceRequest/PLC7002");
  ASSERT_EQ(read.status, 200);
  EXPECT_STREQ(read.json()["intent"].GetString(), "order");
}

}  // namespace
}  // namespace titrate::fhir
