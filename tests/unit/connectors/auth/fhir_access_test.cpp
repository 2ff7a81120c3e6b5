#include "connectors/auth/fhir_access.h"

#include <gtest/gtest.h>

namespace titrate::auth {
namespace {

http::Request request(const char* method, const char* path, std::string body = "") {
  http::Request r;
  r.method = method;
  r.path = path;
  r.body = std::move(body);
  return r;
}

void expect_one(const FhirAccess& access, const char* type, Permission permission) {
  ASSERT_FALSE(access.is_public);
  ASSERT_EQ(access.required.size(), 1u);
  EXPECT_EQ(access.required[0].resource_type, type);
  EXPECT_EQ(permission_letter(access.required[0].permission), permission_letter(permission));
}

TEST(FhirAccess, InteractionsMapToPermissions) {
  expect_one(fhir_access(request("GET", "/fhir/Patient/p1")), "Patient", Permission::kRead);
  expect_one(fhir_access(request("GET", "/fhir/Patient/p1/_history/2")), "Patient",
             Permission::kRead);
  expect_one(fhir_access(request("GET", "/fhir/Observation")), "Observation", Permission::kSearch);
  expect_one(fhir_access(request("POST", "/fhir/Observation/_search")), "Observation",
             Permission::kSearch);
  expect_one(fhir_access(request("POST", "/fhir/Patient")), "Patient", Permission::kCreate);
  expect_one(fhir_access(request("PUT", "/fhir/Patient/p1")), "Patient", Permission::kUpdate);
  expect_one(fhir_access(request("PATCH", "/fhir/Patient/p1")), "Patient", Permission::kUpdate);
  expect_one(fhir_access(request("DELETE", "/fhir/Patient/p1")), "Patient", Permission::kDelete);
}

TEST(FhirAccess, MetadataIsPublic) {
  EXPECT_TRUE(fhir_access(request("GET", "/fhir/metadata")).is_public);
  EXPECT_FALSE(fhir_access(request("GET", "/fhir/Patient")).is_public);
}

TEST(FhirAccess, BundleNeedsCreateOnEachEntryType) {
  const FhirAccess access = fhir_access(request("POST", "/fhir", R"({"resourceType":"Bundle",
      "type":"transaction","entry":[{"resource":{"resourceType":"Patient"}},
      {"resource":{"resourceType":"ServiceRequest"}},{"resource":{"resourceType":"Patient"}}]})"));
  ASSERT_EQ(access.required.size(), 2u);
  EXPECT_EQ(access.required[0].resource_type, "Patient");
  EXPECT_EQ(access.required[1].resource_type, "ServiceRequest");
  for (const RequiredAccess& a : access.required) EXPECT_EQ(permission_letter(a.permission), 'c');
}

TEST(FhirAccess, UnreadableBundleStillNeedsACreateScope) {
  expect_one(fhir_access(request("POST", "/fhir", "not json")), "Bundle", Permission::kCreate);
}

}  // namespace
}  // namespace titrate::auth
