#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/inbound/fhir/map_fhir.h"
#include "tests/unit/mappers/inbound/fhir/fhir_test_support.h"

namespace titrate::inbound::fhir {
namespace {

using model::MappingIssue;

TEST(FhirMapOutcome, OperationOutcomeText) {
  const std::vector<MappingIssue> issues = {
      {MappingIssue::Severity::kError, "MedicationRequest.subject", "required",
       "missing required element MedicationRequest.subject"},
      {MappingIssue::Severity::kWarning, "Bundle.entry[3]", "not-supported", "not mapped"},
      {MappingIssue::Severity::kError, "", "structure", "invalid JSON at byte 3"},
      {MappingIssue::Severity::kInformation, "Patient", "informational", "said \"hi\""},
  };
  EXPECT_EQ(operation_outcome(issues),
            R"({"resourceType":"OperationOutcome","issue":[)"
            R"({"severity":"error","code":"required","diagnostics":"missing required element )"
            R"(MedicationRequest.subject","expression":["MedicationRequest.subject"]},)"
            R"({"severity":"warning","code":"not-supported","diagnostics":"not mapped",)"
            R"("expression":["Bundle.entry[3]"]},)"
            R"({"severity":"fatal","code":"structure","diagnostics":"invalid JSON at byte 3"},)"
            R"({"severity":"information","code":"informational","diagnostics":"said \"hi\"",)"
            R"("expression":["Patient"]}]})");
}

TEST(FhirMapOutcome, NoIssuesStillHasOneIssue) {
  EXPECT_EQ(operation_outcome({}),
            R"({"resourceType":"OperationOutcome","issue":[{"severity":"information",)"
            R"("code":"informational","diagnostics":"no issues"}]})");
}

TEST(FhirMapOutcome, OutcomeOfAnInvalidResource) {
  EXPECT_EQ(operation_outcome(map_fixture("invalid_bad_status.json").issues),
            R"({"resourceType":"OperationOutcome","issue":[{"severity":"error",)"
            R"("code":"code-invalid","diagnostics":"'running' is not in the required value set",)"
            R"("expression":["MedicationRequest.status"]}]})");
}

TEST(FhirMapOutcome, HttpStatus) {
  EXPECT_EQ(http_status_for(map_fhir("{", {})), 400);
  EXPECT_EQ(http_status_for(map_fhir(R"({"resourceType": "Device"})", {})), 400);
  EXPECT_EQ(http_status_for(map_fhir(std::string(100000, '['), {})), 400);
  EXPECT_EQ(http_status_for(map_fixture("invalid_missing_subject.json")), 422);
  EXPECT_EQ(http_status_for(map_fixture("invalid_rate_value.json")), 422);
  EXPECT_EQ(http_status_for(map_fixture("medicationrequest_depression.json")), 201);
  EXPECT_EQ(http_status_for(map_fixture("patient.json")), 201);
  EXPECT_EQ(http_status_for(map_fixture("observation_heart_rate.json")), 200);
}

TEST(FhirMapOutcome, InvalidInputIsNotMapped) {
  const model::MappedMessage m = map_fixture("invalid_wrong_type.json");
  EXPECT_FALSE(m.ok());
  EXPECT_TRUE(m.orders.empty());
  EXPECT_FALSE(m.patient.has_value());
  EXPECT_EQ(m.issues.size(), 3u);
}

}  // namespace
}  // namespace titrate::inbound::fhir
