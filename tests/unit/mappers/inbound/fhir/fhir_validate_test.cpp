#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/inbound/fhir/map_fhir.h"
#include "tests/unit/mappers/inbound/fhir/fhir_test_support.h"

namespace titrate::inbound::fhir {
namespace {

using model::MappingIssue;
using Severity = MappingIssue::Severity;

std::vector<MappingIssue> validate_fixture(const std::string& name) {
  return validate_fhir(fixture(name));
}

MappingIssue error(std::string location, std::string code, std::string message) {
  return {Severity::kError, std::move(location), std::move(code), std::move(message)};
}

// A minimal valid MedicationRequest with `extra` members added at the top level.
std::string medication_request(const std::string& extra) {
  return R"({"resourceType": "MedicationRequest", "status": "active", "intent": "order",
    "medicationCodeableConcept": {"text": "ketamine"},
    "subject": {"reference": "Patient/pt-1001"})" +
         extra + "}";
}

TEST(FhirValidate, ValidResourceHasNoIssues) {
  EXPECT_EQ(validate_fhir(medication_request("")), std::vector<MappingIssue>{});
  EXPECT_EQ(validate_fixture("medicationrequest_depression.json"), std::vector<MappingIssue>{});
}

TEST(FhirValidate, MissingSubjectIsRequired) {
  EXPECT_EQ(validate_fixture("invalid_missing_subject.json"),
            std::vector<MappingIssue>{error("MedicationRequest.subject", "required",
                                            "missing required element MedicationRequest.subject")});
}

TEST(FhirValidate, StatusOutsideTheValueSetIsCodeInvalid) {
  EXPECT_EQ(validate_fixture("invalid_bad_status.json"),
            std::vector<MappingIssue>{error("MedicationRequest.status", "code-invalid",
                                            "'running' is not in the required value set")});
}

TEST(FhirValidate, NonNumericRateValue) {
  EXPECT_EQ(validate_fixture("invalid_rate_value.json"),
            std::vector<MappingIssue>{error(
                "MedicationRequest.dosageInstruction[0].doseAndRate[0].rateQuantity.value", "value",
                "expected a JSON number, got a string (FHIR JSON writes numbers without "
                "quotes)")});
}

TEST(FhirValidate, DecimalWrittenAsStringIsAnError) {
  const std::string json = R"({"resourceType": "Observation", "status": "final",
    "code": {"text": "weight"}, "valueQuantity": {"value": "72.5", "code": "kg"}})";
  EXPECT_EQ(validate_fhir(json),
            std::vector<MappingIssue>{error(
                "Observation.valueQuantity.value", "value",
                "expected a JSON number, got a string (FHIR JSON writes numbers without quotes)")});
}

TEST(FhirValidate, UnknownElementIsNamedByItsPath) {
  EXPECT_EQ(validate_fixture("invalid_unknown_element.json"),
            std::vector<MappingIssue>{
                error("MedicationRequest.dosageInstruction[0].timing.repeat.durationUnits",
                      "structure", "unknown element 'durationUnits' in Timing.repeat")});
}

TEST(FhirValidate, WrongJsonTypes) {
  EXPECT_EQ(
      validate_fixture("invalid_wrong_type.json"),
      (std::vector<MappingIssue>{
          error("MedicationRequest.identifier", "structure", "expected an array, got an object"),
          error("MedicationRequest.subject", "structure", "expected an object, got a string"),
          error("MedicationRequest.dosageInstruction[0].timing.repeat.count", "value",
                "expected a 32-bit integer"),
      }));
}

TEST(FhirValidate, ArrayWhereOneValueIsExpected) {
  EXPECT_EQ(validate_fhir(medication_request(R"(, "authoredOn": ["2026-11-21"])")),
            std::vector<MappingIssue>{error("MedicationRequest.authoredOn", "structure",
                                            "expected a single value, not an array")});
}

TEST(FhirValidate, DateTimeWithTimeNeedsAnOffset) {
  EXPECT_EQ(
      validate_fhir(medication_request(R"(, "authoredOn": "2026-11-21T08:30:00")")),
      std::vector<MappingIssue>{error("MedicationRequest.authoredOn", "value",
                                      "a dateTime with a time of day must carry a UTC offset")});
  EXPECT_EQ(validate_fhir(medication_request(R"(, "authoredOn": "2026-02-30")")),
            std::vector<MappingIssue>{
                error("MedicationRequest.authoredOn", "value", "not a valid dateTime")});
  EXPECT_EQ(validate_fhir(medication_request(R"(, "authoredOn": "2026-11")")),
            std::vector<MappingIssue>{});
}

TEST(FhirValidate, MissingChoiceIsRequired) {
  const std::string json = R"({"resourceType": "MedicationRequest", "status": "active",
    "intent": "order", "subject": {"reference": "Patient/pt-1001"}})";
  EXPECT_EQ(validate_fhir(json),
            std::vector<MappingIssue>{error("MedicationRequest.medication", "required",
                                            "missing required element "
                                            "MedicationRequest.medication[x]")});
}

TEST(FhirValidate, TwoTypesOfOneChoice) {
  EXPECT_EQ(validate_fhir(
                medication_request(R"(, "medicationReference": {"reference": "Medication/ket"})")),
            std::vector<MappingIssue>{error("MedicationRequest.medication", "structure",
                                            "more than one type given for medication[x]")});
}

TEST(FhirValidate, MissingStatusAndIntent) {
  const std::string json = R"({"resourceType": "MedicationRequest",
    "medicationCodeableConcept": {"text": "ketamine"}, "subject": {"reference": "Patient/1"}})";
  EXPECT_EQ(validate_fhir(json), (std::vector<MappingIssue>{
                                     error("MedicationRequest.status", "required",
                                           "missing required element MedicationRequest.status"),
                                     error("MedicationRequest.intent", "required",
                                           "missing required element MedicationRequest.intent"),
                                 }));
}

TEST(FhirValidate, PrimitiveExtensionsAreAllowed) {
  const std::string json = R"({"resourceType": "Patient", "birthDate": "1986-04-17",
    "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                                  "valueDateTime": "1986-04-17T06:10:00-05:00"}]},
    "name": [{"given": ["Rowan", "Ro"], "_given": [null, {"id": "g2"}]}]})";
  EXPECT_EQ(validate_fhir(json), std::vector<MappingIssue>{});
}

TEST(FhirValidate, ExtensionOfAnUnknownElement) {
  EXPECT_EQ(validate_fhir(medication_request(R"(, "_dose": {"id": "x"})")),
            std::vector<MappingIssue>{error("MedicationRequest._dose", "structure",
                                            "unknown element '_dose' in MedicationRequest")});
}

TEST(FhirValidate, RequiredBindingOnCodeableConcept) {
  const std::string json = R"({"resourceType": "Condition", "subject": {"reference": "Patient/1"},
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                   "code": "better"}]}})";
  EXPECT_EQ(validate_fhir(json), std::vector<MappingIssue>{error(
                                     "Condition.clinicalStatus.coding[0].code", "code-invalid",
                                     "'better' is not in the required value set")});
}

TEST(FhirValidate, CodeOfAPatientGender) {
  EXPECT_EQ(validate_fhir(R"({"resourceType": "Patient", "gender": "F"})"),
            std::vector<MappingIssue>{
                error("Patient.gender", "code-invalid", "'F' is not in the required value set")});
}

TEST(FhirValidate, EmptyArraysAndDuplicateProperties) {
  EXPECT_EQ(validate_fhir(medication_request(R"(, "reasonCode": [])")),
            std::vector<MappingIssue>{
                error("MedicationRequest.reasonCode", "structure", "arrays must not be empty")});
  EXPECT_EQ(validate_fhir(medication_request(R"(, "intent": "order")")),
            std::vector<MappingIssue>{
                error("MedicationRequest.intent", "structure", "duplicate property")});
}

TEST(FhirValidate, ContainedResourcesAreValidated) {
  const std::string json = R"({"resourceType": "MedicationRequest", "status": "active",
    "intent": "order", "subject": {"reference": "Patient/1"},
    "contained": [{"resourceType": "Medication", "id": "m",
      "ingredient": [{"itemCodeableConcept": {"text": "ketamine"},
        "strength": {"numerator": {"value": "500", "code": "mg"},
                     "denominator": {"value": 500, "code": "mL"}}}]}],
    "medicationReference": {"reference": "#m"}})";
  EXPECT_EQ(validate_fhir(json),
            std::vector<MappingIssue>{error(
                "MedicationRequest.contained[0].ingredient[0].strength.numerator.value", "value",
                "expected a JSON number, got a string (FHIR JSON writes numbers without quotes)")});
}

TEST(FhirValidate, BundleEntriesAreValidatedAtTheirPath) {
  const std::string json = R"({"resourceType": "Bundle", "type": "batch", "entry": [
    {"resource": {"resourceType": "Observation", "status": "done", "code": {"text": "weight"}},
     "request": {"method": "POST", "url": "Observation"}}]})";
  EXPECT_EQ(validate_fhir(json),
            std::vector<MappingIssue>{error("Bundle.entry[0].resource.status", "code-invalid",
                                            "'done' is not in the required value set")});
}

TEST(FhirValidate, ResourceTypeMissingOrUnsupported) {
  EXPECT_EQ(validate_fhir(R"({"id": "x"})"),
            std::vector<MappingIssue>{error("", "required", "the document has no resourceType")});
  EXPECT_EQ(validate_fhir(R"({"resourceType": "Device"})"),
            std::vector<MappingIssue>{
                error("", "not-supported", "resource type Device is not accepted by Titrate")});
  EXPECT_EQ(validate_fhir("[1, 2]"),
            std::vector<MappingIssue>{
                error("", "structure", "expected a FHIR resource (a JSON object), got an array")});
}

TEST(FhirValidate, UnparseableJson) {
  EXPECT_EQ(validate_fhir(R"({"resourceType": "Patient",})"),
            std::vector<MappingIssue>{error(
                "", "structure", "invalid JSON at byte 27: Missing a name for object member.")});
}

TEST(FhirValidate, HundredThousandNestedArraysAreRefused) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(validate_fhir(deep),
            std::vector<MappingIssue>{error(
                "", "too-costly", "arrays and objects nest deeper than 64 levels (at byte 64)")});
}

TEST(FhirValidate, DeeplyNestedExtensionsAreRefused) {
  const std::vector<MappingIssue> issues = validate_fixture("invalid_too_deep.json");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].location, "");
  EXPECT_EQ(issues[0].code, "too-costly");
  FhirLimits generous;
  generous.max_depth = 100;
  EXPECT_EQ(validate_fhir(test::read_fixture("mapping/fhir/invalid_too_deep.json"), generous),
            std::vector<MappingIssue>{});
}

TEST(FhirValidate, DocumentOverTheSizeLimit) {
  FhirLimits small;
  small.max_bytes = 16;
  EXPECT_EQ(validate_fhir(R"({"resourceType": "Patient"})", small),
            std::vector<MappingIssue>{
                error("", "too-costly", "the document is 27 bytes long; the limit is 16")});
}

TEST(FhirValidate, TooManyValuesForTheSizeLimit) {
  FhirLimits limits;
  limits.max_bytes = 8192;  // room for 1024 JSON values
  std::string json = R"({"resourceType": "Patient", "name": [{"given": [)";
  for (int i = 0; i < 1100; ++i) json += R"("a",)";
  json += R"("a"]}]})";
  ASSERT_LT(json.size(), limits.max_bytes);
  EXPECT_EQ(
      validate_fhir(json, limits),
      std::vector<MappingIssue>{error(
          "", "too-costly", "the document holds more JSON values than its size limit allows")});
}

TEST(FhirValidate, IssuesStopAfterAHundred) {
  std::string json = R"({"resourceType": "Patient")";
  for (int i = 0; i < 150; ++i) json += ", \"x" + std::to_string(i) + "\": 1";
  json += "}";
  const std::vector<MappingIssue> issues = validate_fhir(json);
  ASSERT_EQ(issues.size(), 101u);
  EXPECT_EQ(issues[99], error("Patient.x99", "structure", "unknown element 'x99' in Patient"));
  EXPECT_EQ(issues[100],
            error("Patient", "too-costly", "more than 100 issues; the rest are not listed"));
}

}  // namespace
}  // namespace titrate::inbound::fhir
