#include "connectors/fhir/audited_routes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace titrate::fhir {
namespace {

using model::AuditAction;
using model::AuditEntityRole;
using model::AuditOutcome;

http::Request request(std::string method, std::string path, std::string query = {}) {
  http::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.query = std::move(query);
  r.peer = "10.9.8.7:40000";
  return r;
}

http::Response response(int status, std::vector<std::pair<std::string, std::string>> headers = {}) {
  http::Response r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

TEST(AuditedRoutesTest, ReadNamesTheVersionServedAndThePrincipal) {
  http::Response ok = response(200, {{"ETag", "W/\"3\""}});
  ok.principal = "ehr-reader";
  const auto record =
      fhir_request_record(request("GET", "/fhir/MedicationAdministration/ma-1"), ok);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->subtype, "read");
  EXPECT_EQ(record->action, AuditAction::kRead);
  EXPECT_EQ(record->outcome, AuditOutcome::kSuccess);
  ASSERT_EQ(record->agents.size(), 2u);
  EXPECT_EQ(record->agents[0].name, "ehr-reader");
  EXPECT_EQ(record->agents[0].address, "10.9.8.7:40000");
  EXPECT_TRUE(record->agents[0].requestor);
  EXPECT_FALSE(record->agents[1].requestor);
  ASSERT_EQ(record->entities.size(), 1u);
  EXPECT_EQ(record->entities[0].reference, "MedicationAdministration/ma-1/_history/3");
}

TEST(AuditedRoutesTest, VreadSearchCreateTransactionAndRefusals) {
  auto vread =
      fhir_request_record(request("GET", "/fhir/Observation/o1/_history/2"), response(200));
  EXPECT_EQ(vread->subtype, "vread");
  EXPECT_EQ(vread->entities[0].reference, "Observation/o1/_history/2");

  auto search =
      fhir_request_record(request("GET", "/fhir/Observation", "code=8867-4"), response(401));
  EXPECT_EQ(search->subtype, "search-type");
  EXPECT_EQ(search->action, AuditAction::kExecute);
  EXPECT_EQ(search->outcome, AuditOutcome::kMinorFailure);
  EXPECT_EQ(search->outcome_text, "HTTP 401");
  EXPECT_EQ(search->entities[0].role, AuditEntityRole::kQuery);
  EXPECT_EQ(search->entities[0].query, "code=8867-4");
  EXPECT_EQ(search->agents[0].name, "");

  auto create = fhir_request_record(
      request("POST", "/fhir/ServiceRequest"),
      response(201, {{"Location", "https://gw/fhir/ServiceRequest/sr-1/_history/1"}}));
  EXPECT_EQ(create->subtype, "create");
  EXPECT_EQ(create->action, AuditAction::kCreate);
  EXPECT_EQ(create->entities[0].reference, "ServiceRequest/sr-1/_history/1");

  auto transaction = fhir_request_record(request("POST", "/fhir"), response(500));
  EXPECT_EQ(transaction->subtype, "transaction");
  EXPECT_EQ(transaction->outcome, AuditOutcome::kSeriousFailure);

  auto put = fhir_request_record(request("PUT", "/fhir/Patient/p1"), response(405));
  EXPECT_EQ(put->subtype, "update");
  EXPECT_EQ(put->action, AuditAction::kUpdate);
  EXPECT_EQ(put->entities[0].reference, "Patient/p1");

  auto del = fhir_request_record(request("DELETE", "/fhir/Patient/p1"), response(405));
  EXPECT_EQ(del->action, AuditAction::kDelete);
}

TEST(AuditedRoutesTest, MetadataAndNonFhirPathsAreNotAudited) {
  EXPECT_FALSE(fhir_request_record(request("GET", "/fhir/metadata"), response(200)));
  EXPECT_FALSE(fhir_request_record(request("GET", "/metrics"), response(200)));
}

TEST(AuditedRoutesTest, WrappedRoutesRecordEveryAnsweredRequest) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("titrate-audit-" + std::to_string(getpid())))
          .string();
  std::filesystem::create_directories(dir);
  {
    store::ResourceStoreOptions options;
    options.path = dir + "/audit.db";
    options.durable = false;
    store::ResourceStore store(options);
    audit::AuditTrail trail(store, {});
    std::vector<http::Route> routes = {
        {"GET", "/fhir/", [](const http::Request&) { return response(404); }},
        {"GET", "/health", [](const http::Request&) { return response(200); }}};
    routes = audit_fhir_routes(std::move(routes), trail);
    routes[0].handler(request("GET", "/fhir/Patient/p9"));
    routes[1].handler(request("GET", "/health"));
    trail.flush();
    const store::SearchResult all = store.search("AuditEvent", {});
    ASSERT_EQ(all.total, 1u);
    EXPECT_NE(all.resources[0].json.find("\"outcome\":\"4\""), std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace titrate::fhir
