#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <sstream>
#include <string>

#include "mappers/validation/fhir_validator.h"
#include "tests/unit/mappers/outbound_fhir/outbound_every_resource.h"

// What the outbound mappers emit against the definitions in fhir-profiles/ (core R4 plus
// Titrate's profiles), as the outbound module validates it before storing: no errors for any
// resource kind and state, and errors for resources that break a Titrate constraint.
namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

const validation::FhirValidator& validator() {
  static const validation::FhirValidator loaded =
      validation::FhirValidator::load(std::string(TITRATE_CONFIG_DIR) + "/../fhir-profiles");
  return loaded;
}

std::string describe(const validation::ValidationResult& result) {
  std::string text;
  for (const validation::ValidationIssue& issue : result.errors) {
    text += "\n  " + issue.pointer + ": " + issue.message;
  }
  return text;
}

bool has_error_at(const validation::ValidationResult& result, std::string_view pointer) {
  for (const validation::ValidationIssue& issue : result.errors) {
    if (issue.pointer.starts_with(pointer)) return true;
  }
  return false;
}

std::string replaced(std::string json, std::string_view from, std::string_view to) {
  const size_t at = json.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) json.replace(at, from.size(), to);
  return json;
}

TEST(OutboundProfileValidation, EveryProfileIsLoaded) {
  for (const char* id :
       {"titrate-medicationadministration", "titrate-vital-signs", "titrate-pump-reading",
        "titrate-infusion-order", "titrate-infusion-alert", "titrate-device", "infusion-series",
        "care-area", "dosing-limit-override"}) {
    EXPECT_TRUE(
        validator().has_profile(std::string("http://fhir.titrate.dev/StructureDefinition/") + id))
        << id;
  }
}

TEST(OutboundProfileValidation, EveryEmittedResourcePassesItsProfile) {
  int claimed = 0;
  for (const FhirResource& resource : every_resource()) {
    const validation::ValidationResult result = validator().validate(resource.json);
    EXPECT_TRUE(result.ok()) << resource.type << "/" << resource.id << describe(result) << "\n"
                             << resource.json;
    if (resource.json.find("\"profile\"") != std::string::npos) ++claimed;
  }
  // Every resource but the uncategorized Observation, the Patient and the ServiceRequest (core
  // R4 only) claims a Titrate profile.
  EXPECT_EQ(claimed, static_cast<int>(every_resource().size()) - 3);
}

TEST(OutboundProfileValidation, RouteOtherThanIntravenousIsRejected) {
  const std::string json = replaced(map_medication_administration(running_session())->json,
                                    "\"47625008\"", "\"26643006\"");
  const validation::ValidationResult result = validator().validate(json);
  EXPECT_TRUE(has_error_at(result, "/dosage/route")) << describe(result);
}

TEST(OutboundProfileValidation, VitalSignWithoutLoincIsRejected) {
  model::ObservationEvent event = heart_rate();
  event.code.codings.erase(event.code.codings.begin() + 1);  // the LOINC coding
  const validation::ValidationResult result = validator().validate(map_observation(event).json);
  EXPECT_TRUE(has_error_at(result, "/code")) << describe(result);
}

TEST(OutboundProfileValidation, VitalSignWithoutUcumUnitIsRejected) {
  model::ObservationEvent event = heart_rate();
  event.value->unit.clear();
  const validation::ValidationResult result = validator().validate(map_observation(event).json);
  EXPECT_TRUE(has_error_at(result, "/valueQuantity")) << describe(result);
}

TEST(OutboundProfileValidation, PumpReadingWithoutMdcCodeIsRejected) {
  model::ObservationEvent event = pump_rate_reading();
  event.code.codings = {{"http://example.org/local", "rate", ""}};
  const validation::ValidationResult result = validator().validate(map_observation(event).json);
  EXPECT_TRUE(has_error_at(result, "/code")) << describe(result);
}

TEST(OutboundProfileValidation, UnknownOrderStatusReasonIsRejected) {
  model::OrderStatusUpdate update = held_order();
  update.reasons = {{"not-a-titrate-reason", "", "", {}}};
  const validation::ValidationResult result =
      validator().validate(map_medication_request_status(update).json);
  EXPECT_TRUE(has_error_at(result, "/statusReason")) << describe(result);
}

TEST(OutboundProfileValidation, UnknownAlertCodeIsRejected) {
  model::Alert alert = rate_alert();
  alert.code = "not-a-titrate-alert";
  const validation::ValidationResult result = validator().validate(map_detected_issue(alert).json);
  EXPECT_TRUE(has_error_at(result, "/code")) << describe(result);
}

// The alert CodeSystem and the DetectedIssue mapper know the same codes: each validates and
// has the mapper's display.
TEST(OutboundProfileValidation, EveryAlertCodeOfTheCodeSystemValidatesWithADisplay) {
  std::ifstream file(std::string(TITRATE_CONFIG_DIR) +
                     "/../fhir-profiles/titrate/CodeSystem-alert.json");
  std::stringstream text;
  text << file.rdbuf();
  rapidjson::Document code_system;
  code_system.Parse(text.str().c_str());
  ASSERT_TRUE(code_system.IsObject());
  int codes = 0;
  for (const auto& concept_json : code_system["concept"].GetArray()) {
    model::Alert alert = rate_alert();
    alert.code = concept_json["code"].GetString();
    const FhirResource resource = map_detected_issue(alert);
    const validation::ValidationResult result = validator().validate(resource.json);
    EXPECT_TRUE(result.ok()) << alert.code << describe(result);
    EXPECT_TRUE(parse(resource.json)["code"]["coding"][0].HasMember("display")) << alert.code;
    ++codes;
  }
  EXPECT_EQ(codes, 9);
}

TEST(OutboundProfileValidation, InfusionSeriesNeedsItsNumber) {
  model::AdministrationEvent second = running_session();
  second.infusion_number = 2;
  second.series_total = 6;
  const std::string json =
      replaced(map_medication_administration(second)->json, "\"number\"", "\"numero\"");
  const validation::ValidationResult result = validator().validate(json);
  EXPECT_TRUE(has_error_at(result, "/extension/0")) << describe(result);
}

}  // namespace
}  // namespace titrate::outbound::fhir
