#include <gtest/gtest.h>

#include "mappers/outbound/fhir/detected_issue.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

rapidjson::Document map(const model::Alert& alert) {
  const FhirResource resource = map_detected_issue(alert);
  EXPECT_EQ(resource.type, "DetectedIssue");
  return parse(resource.json);
}

TEST(OutboundDetectedIssue, AlertMapsEveryElement) {
  const FhirResource resource = map_detected_issue(rate_alert());
  EXPECT_EQ(resource.id, "alert-1");
  const rapidjson::Document doc = parse(resource.json);
  EXPECT_EQ(str(doc["resourceType"]), "DetectedIssue");
  ASSERT_EQ(doc["meta"]["profile"].Size(), 1u);
  EXPECT_EQ(str(doc["meta"]["profile"][0]),
            "http://fhir.titrate.dev/StructureDefinition/titrate-infusion-alert");
  EXPECT_EQ(str(doc["identifier"][0]["system"]), "http://fhir.titrate.dev/sid/alert");
  EXPECT_EQ(str(doc["identifier"][0]["value"]), "alert-1");
  EXPECT_EQ(str(doc["status"]), "final");
  EXPECT_EQ(str(doc["code"]["coding"][0]["system"]), "http://fhir.titrate.dev/CodeSystem/alert");
  EXPECT_EQ(str(doc["code"]["coding"][0]["code"]), "rate-mismatch");
  EXPECT_EQ(str(doc["code"]["coding"][0]["display"]), "Pump rate does not match the plan");
  EXPECT_EQ(str(doc["severity"]), "high");
  EXPECT_EQ(str(doc["patient"]["type"]), "Patient");
  EXPECT_EQ(str(doc["patient"]["identifier"]["value"]), "MRN-1");
  EXPECT_EQ(str(doc["identifiedDateTime"]), "2026-11-21T08:40:00-05:00");
  ASSERT_EQ(doc["implicated"].Size(), 2u);
  EXPECT_EQ(str(doc["implicated"][0]["reference"]), "MedicationAdministration/sess-4711");
  EXPECT_EQ(str(doc["implicated"][1]["type"]), "Device");
  EXPECT_EQ(str(doc["implicated"][1]["identifier"]["value"]), "0012210000000001");
  EXPECT_EQ(str(doc["detail"]), "Pump rate 120 mL/h differs from the planned 60 mL/h");
  ASSERT_EQ(doc["mitigation"].Size(), 1u);
  EXPECT_EQ(str(doc["mitigation"][0]["action"]["coding"][0]["system"]),
            "http://fhir.titrate.dev/CodeSystem/alert-action");
  EXPECT_EQ(str(doc["mitigation"][0]["action"]["coding"][0]["code"]), "pause-infusion");
  EXPECT_EQ(str(doc["mitigation"][0]["date"]), "2026-11-21T08:40:00-05:00");
}

TEST(OutboundDetectedIssue, SeverityMapping) {
  const std::pair<const char*, const char*> cases[] = {
      {"high", "high"}, {"medium", "moderate"}, {"low", "low"}};
  for (const auto& [severity, expected] : cases) {
    model::Alert alert = rate_alert();
    alert.severity = severity;
    EXPECT_EQ(str(map(alert)["severity"]), expected) << severity;
  }
  model::Alert alert = rate_alert();
  alert.severity = "urgent";
  EXPECT_FALSE(map(alert).HasMember("severity"));
}

TEST(OutboundDetectedIssue, NotifyHasNoMitigation) {
  model::Alert alert = rate_alert();
  alert.action = model::AlertAction::kNotify;
  EXPECT_FALSE(map(alert).HasMember("mitigation"));
}

TEST(OutboundDetectedIssue, AlertWithoutSessionImplicatesOnlyTheDevice) {
  model::Alert alert = rate_alert();
  alert.code = "start-without-plan";
  alert.session_id.clear();
  alert.patient_id = {};
  const rapidjson::Document doc = map(alert);
  EXPECT_FALSE(doc.HasMember("patient"));
  ASSERT_EQ(doc["implicated"].Size(), 1u);
  EXPECT_EQ(str(doc["implicated"][0]["type"]), "Device");
  alert.device.clear();
  EXPECT_FALSE(map(alert).HasMember("implicated"));
}

TEST(OutboundDetectedIssue, UnknownAlertCodeHasNoDisplay) {
  model::Alert alert = rate_alert();
  alert.code = "new-kind";
  const rapidjson::Document doc = map(alert);
  EXPECT_EQ(str(doc["code"]["coding"][0]["code"]), "new-kind");
  EXPECT_FALSE(doc["code"]["coding"][0].HasMember("display"));
}

TEST(OutboundDetectedIssue, MissingIdOrCodeThrows) {
  model::Alert alert = rate_alert();
  alert.alert_id.clear();
  EXPECT_THROW(map_detected_issue(alert), OutboundFhirError);
  alert = rate_alert();
  alert.code.clear();
  EXPECT_THROW(map_detected_issue(alert), OutboundFhirError);
}

}  // namespace
}  // namespace titrate::outbound::fhir
