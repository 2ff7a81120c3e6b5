#include "mappers/validation/fhir_validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/mappers/validation/validation_test_support.h"

namespace titrate::validation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kProfile = "http://example.org/fhir/StructureDefinition/test-patient";
const std::string kNote = "http://example.org/fhir/StructureDefinition/ext-note";
const std::string kOverride = "http://example.org/fhir/StructureDefinition/ext-override";
const std::string kCodes = "http://example.org/fhir/CodeSystem/codes";

std::vector<std::string> check(const std::string& json) {
  return test::issue_lines(test::fixture_validator().validate(json));
}

// A core-valid Patient with `members` added ("\"active\":true").
std::string patient(const std::string& members = "") {
  return R"({"resourceType":"Patient","id":"p1","status":"active")" +
         (members.empty() ? "" : "," + members) + "}";
}

std::string profiled(const std::string& members = "") {
  return R"({"resourceType":"Patient","meta":{"profile":[")" + kProfile +
         R"("]},"extension":[{"url":")" + kNote +
         R"(","valueString":"n"}],"active":true,"status":"active","code":{"coding":[{"system":")" +
         kCodes + R"(","code":"alpha"}]},"category":[{"coding":[{"system":")" + kCodes +
         R"(","code":"beta"}]}])" + (members.empty() ? "" : "," + members) + "}";
}

TEST(FhirValidatorTest, AcceptsAMinimalResource) {
  EXPECT_THAT(check(patient()), IsEmpty());
  EXPECT_TRUE(test::fixture_validator().validate(patient()).ok());
}

TEST(FhirValidatorTest, InputThatIsNotAResource) {
  EXPECT_THAT(check("{\"resourceType\":"),
              ElementsAre(::testing::StartsWith("(root): not JSON: ")));
  EXPECT_THAT(check("[1]"), ElementsAre("(root): expected a JSON object (a resource)"));
  EXPECT_THAT(check(R"({"id":"x"})"), ElementsAre("/resourceType: expected a resourceType string"));
  EXPECT_THAT(check(R"({"resourceType":"Basic"})"),
              ElementsAre("/resourceType: no definition is loaded for this resource type"));
}

TEST(FhirValidatorTest, Cardinality) {
  EXPECT_THAT(check(R"({"resourceType":"Patient"})"),
              ElementsAre("/status: expected 1..1, found 0 (Patient.status)"));
  EXPECT_THAT(check(patient(R"("weightLimit":{"value":1,"comparator":"<"})")),
              ElementsAre("/weightLimit/comparator: expected 0..0, found 1 (Quantity.comparator)"));
  // The contained Organization's own required name.
  EXPECT_THAT(check(patient(R"("contained":[{"resourceType":"Organization","id":"o"}])")),
              ElementsAre("/contained/0/name: expected 1..1, found 0 (Organization.name)"));
  EXPECT_THAT(check(patient(R"("contained":[{"resourceType":"Organization","name":"o"}])")),
              IsEmpty());
}

TEST(FhirValidatorTest, UnknownAndDuplicateProperties) {
  EXPECT_THAT(check(patient(R"("nickname":"x")")), ElementsAre("/nickname: unknown element"));
  EXPECT_THAT(check(patient(R"("weight":{"value":1,"units":"kg"})")),
              ElementsAre("/weight/units: unknown element"));
  EXPECT_THAT(check(patient(R"("status":"active")")), ElementsAre("/status: duplicate property"));
  EXPECT_THAT(check(patient(R"("a/b~c":1)")), ElementsAre("/a~1b~0c: unknown element"));
}

TEST(FhirValidatorTest, ArraysAndSingleValues) {
  EXPECT_THAT(
      check(R"({"resourceType":"Patient","status":["active"]})"),
      ElementsAre("/status: expected a single value, not an array (Patient.status has max 1)"));
  EXPECT_THAT(check(patient(R"("name":"Ann")")),
              ElementsAre("/name: expected an array (Patient.name repeats)"));
  EXPECT_THAT(check(patient(R"("name":["Ann","Bo"])")), IsEmpty());
}

TEST(FhirValidatorTest, NoNullsOrEmptyValues) {
  EXPECT_THAT(check(patient(R"("active":null)")), ElementsAre("/active: null is not allowed"));
  EXPECT_THAT(check(patient(R"("name":[])")), ElementsAre("/name: empty array"));
  EXPECT_THAT(check(patient(R"("name":[""])")), ElementsAre("/name/0: empty string"));
  EXPECT_THAT(check(patient(R"("weight":{})")), ElementsAre("/weight: empty object"));
  EXPECT_THAT(check(patient(R"("name":["a",null])")), ElementsAre("/name/1: null is not allowed"));
}

TEST(FhirValidatorTest, PrimitiveFormats) {
  EXPECT_THAT(check(patient(R"("birthDate":"1970-02-30")")),
              ElementsAre("/birthDate: not a valid date"));
  EXPECT_THAT(check(patient(R"("birthDate":"1970-02")")), IsEmpty());
  EXPECT_THAT(check(patient(R"("recorded":"2026-01-01")")),
              ElementsAre("/recorded: not a valid instant"));
  EXPECT_THAT(check(patient(R"("recorded":"2026-01-01T10:00:00.5+01:00")")), IsEmpty());
  EXPECT_THAT(check(patient(R"("deceasedDateTime":"2026-01-01T10:00:00")")),
              ElementsAre("/deceasedDateTime: not a valid dateTime (a time needs a time zone)"));
  EXPECT_THAT(check(patient(R"("score":"3")")), ElementsAre("/score: expected a JSON number"));
  EXPECT_THAT(check(patient(R"("score":3.5)")), ElementsAre("/score: not a valid integer"));
  EXPECT_THAT(check(patient(R"("score":3000000000)")),
              ElementsAre("/score: integer out of the 32-bit range"));
  EXPECT_THAT(check(patient(R"("score":-3)")), IsEmpty());
  EXPECT_THAT(check(patient(R"("active":"true")")),
              ElementsAre("/active: expected a JSON boolean"));
  EXPECT_THAT(check(R"({"resourceType":"Patient","id":"a b","status":"active"})"),
              ElementsAre("/id: not a valid id (1-64 of A-Z a-z 0-9 - .)"));
  EXPECT_THAT(check(R"({"resourceType":"Patient","status":"active "})"),
              ElementsAre("/status: not a valid code (stray whitespace)"));
}

TEST(FhirValidatorTest, ChoiceElements) {
  EXPECT_THAT(check(patient(R"("deceasedBoolean":false)")), IsEmpty());
  EXPECT_THAT(check(patient(R"("deceasedDateTime":"2020")")), IsEmpty());
  EXPECT_THAT(check(patient(R"("deceasedBoolean":false,"deceasedDateTime":"2020")")),
              ElementsAre("/deceasedDateTime: only one variant of Patient.deceased[x] is allowed"));
  EXPECT_THAT(check(patient(R"("deceasedString":"no")")),
              ElementsAre("/deceasedString: unknown element"));
}

TEST(FhirValidatorTest, ComplexTypesStopAtAWrongType) {
  EXPECT_THAT(check(patient(R"("weight":"5 kg")")),
              ElementsAre("/weight: expected an object (Quantity)"));
  EXPECT_THAT(check(patient(R"("weight":{"value":"5","unit":"kg"})")),
              ElementsAre("/weight/value: expected a JSON number"));
  EXPECT_THAT(check(patient(R"("contact":[{"period":{"start":"2020"}}])")),
              ElementsAre("/contact/0/name: expected 1..1, found 0 (Patient.contact.name)"));
}

TEST(FhirValidatorTest, ContentReferencesAndBackboneElements) {
  EXPECT_THAT(check(patient(R"("contact":[{"name":"a","contact":[{"name":"b"}]}])")), IsEmpty());
  EXPECT_THAT(
      check(patient(R"("contact":[{"name":"a","contact":[{"period":{"end":"2021"}}]}])")),
      ElementsAre("/contact/0/contact/0/name: expected 1..1, found 0 (Patient.contact.name)"));
  EXPECT_THAT(
      check(patient(
          R"("contact":[{"name":"a","modifierExtension":[{"url":"http://x/y","valueBoolean":true}]}])")),
      IsEmpty());
  EXPECT_THAT(check(patient(
                  R"("weight":{"modifierExtension":[{"url":"http://x/y","valueBoolean":true}]})")),
              ElementsAre("/weight/modifierExtension: unknown element"));
}

TEST(FhirValidatorTest, RequiredBindingOnCode) {
  EXPECT_THAT(check(R"({"resourceType":"Patient","status":"retired"})"), IsEmpty());
  EXPECT_THAT(check(R"({"resourceType":"Patient","status":"paused"})"),
              ElementsAre("/status: value is not in required ValueSet "
                          "http://example.org/fhir/ValueSet/test-status"));
  EXPECT_THAT(check(patient(R"("weight":{"value":1,"comparator":"<<"})")),
              ElementsAre("/weight/comparator: value is not in required ValueSet "
                          "http://hl7.org/fhir/ValueSet/quantity-comparator"));
}

TEST(FhirValidatorTest, RequiredBindingOnCodeableConceptAndCoding) {
  auto code = [](const std::string& system, const std::string& c) {
    return patient(R"("code":{"coding":[{"system":")" + system + R"(","code":")" + c + "\"}]}");
  };
  EXPECT_THAT(check(code(kCodes, "alpha-2")), IsEmpty());  // nested concept of a whole system
  EXPECT_THAT(check(code("http://loinc.org", "8867-4")), IsEmpty());  // system not loaded
  EXPECT_THAT(check(code("http://example.org/fhir/CodeSystem/status", "retired")), IsEmpty());
  const std::string not_in =
      "value is not in required ValueSet http://example.org/fhir/ValueSet/test-codes";
  EXPECT_THAT(check(code(kCodes, "gamma")), ElementsAre("/code: " + not_in));  // excluded
  EXPECT_THAT(check(code("http://example.org/fhir/CodeSystem/status", "alpha")),
              ElementsAre("/code: " + not_in));
  EXPECT_THAT(check(patient(R"("code":{"text":"free text"})")), ElementsAre("/code: " + not_in));
  EXPECT_THAT(check(patient(R"("kind":{"system":")" + kCodes + R"(","code":"beta"})")), IsEmpty());
  EXPECT_THAT(check(patient(R"("kind":{"system":")" + kCodes + R"(","code":"delta"})")),
              ElementsAre("/kind: " + not_in));
}

TEST(FhirValidatorTest, RequiredBindingToAnExpansion) {
  EXPECT_THAT(check(patient(R"("flavour":"y")")), IsEmpty());  // nested in the expansion
  EXPECT_THAT(check(patient(R"("flavour":"z")")),
              ElementsAre("/flavour: value is not in required ValueSet "
                          "http://example.org/fhir/ValueSet/expanded"));
}

TEST(FhirValidatorTest, ReferenceTargets) {
  auto org = [](const std::string& reference) {
    return patient(R"("managingOrganization":{"reference":")" + reference + "\"}");
  };
  EXPECT_THAT(check(org("Organization/1")), IsEmpty());
  EXPECT_THAT(check(org("https://ehr.example/fhir/Organization/1/_history/2")), IsEmpty());
  EXPECT_THAT(check(org("Organization?identifier=http://x|1")), IsEmpty());  // conditional
  EXPECT_THAT(check(org("urn:uuid:0f6b6bd6-8c8a-4a43-9a4f-1b2c3d4e5f60")), IsEmpty());
  EXPECT_THAT(check(org("Patient/1")),
              ElementsAre("/managingOrganization/reference: reference to Patient is not allowed "
                          "(allowed: Organization)"));
  EXPECT_THAT(check(org("just-text")),
              ElementsAre("/managingOrganization/reference: not a valid reference (expected "
                          "Type/id, #id or urn:uuid:)"));
  EXPECT_THAT(check(patient(R"("managingOrganization":{"type":"Patient","display":"x"})")),
              ElementsAre("/managingOrganization/type: reference type is not an allowed target "
                          "(allowed: Organization)"));
  EXPECT_THAT(
      check(patient(
          R"("generalPractitioner":[{"reference":"Practitioner/1"},{"reference":"Organization/2"}])")),
      IsEmpty());
  EXPECT_THAT(check(patient(R"("subject":{"reference":"Device/7"})")), IsEmpty());  // Resource
}

TEST(FhirValidatorTest, ReferencesToContainedResources) {
  const std::string contained =
      R"("contained":[{"resourceType":"Organization","id":"o1","name":"o"},)"
      R"({"resourceType":"Patient","id":"p2","status":"active"}],)";
  EXPECT_THAT(check(patient(contained + R"("managingOrganization":{"reference":"#o1"})")),
              IsEmpty());
  EXPECT_THAT(check(patient(contained + R"("managingOrganization":{"reference":"#p2"})")),
              ElementsAre("/managingOrganization/reference: reference to Patient is not allowed "
                          "(allowed: Organization)"));
  EXPECT_THAT(check(patient(contained + R"("managingOrganization":{"reference":"#o9"})")),
              ElementsAre("/managingOrganization/reference: no contained resource has this id"));
}

TEST(FhirValidatorTest, ContainedResources) {
  EXPECT_THAT(check(patient(R"("contained":[{"resourceType":"Organization","name":"o","x":1}])")),
              ElementsAre("/contained/0/x: unknown element"));
  EXPECT_THAT(
      check(patient(R"("contained":[{"resourceType":"Basic"}])")),
      ElementsAre("/contained/0/resourceType: no definition is loaded for this resource type"));
  EXPECT_THAT(check(patient(R"("contained":["x"])")),
              ElementsAre("/contained/0: expected a resource (an object)"));
}

TEST(FhirValidatorTest, Extensions) {
  EXPECT_THAT(check(patient(R"("extension":[{"url":"http://other.example/x","valueString":"a"}])")),
              IsEmpty());
  EXPECT_THAT(check(patient(R"("extension":[{"valueString":"a"}])")),
              ElementsAre("/extension/0/url: expected 1..1, found 0 (Extension.url)"));
  EXPECT_THAT(check(patient(R"("extension":[{"url":")" + kNote + R"(","valueBoolean":true}])")),
              ElementsAre("/extension/0/valueBoolean: unknown element",
                          "/extension/0/value[x]: expected 1..1, found 0 (Extension.value[x])"));
  EXPECT_THAT(check(patient(R"("extension":[{"url":")" + kNote + R"(","valueString":"a"}])")),
              IsEmpty());
  EXPECT_THAT(
      check(patient(R"("weight":{"extension":[{"url":")" + kNote + R"("}]})")),
      ElementsAre("/weight/extension/0/value[x]: expected 1..1, found 0 (Extension.value[x])"));
}

TEST(FhirValidatorTest, PrimitiveExtensions) {
  const std::string ext = R"({"extension":[{"url":"http://x.example/why","valueString":"a"}]})";
  EXPECT_THAT(check(patient(R"("_birthDate":)" + ext)), IsEmpty());
  EXPECT_THAT(check(patient(R"("birthDate":"1970","_birthDate":)" + ext)), IsEmpty());
  EXPECT_THAT(
      check(patient(R"("_birthDate":"x")")),
      ElementsAre("/_birthDate: expected an object (the id and extensions of a primitive)"));
  EXPECT_THAT(check(patient(R"("_birthDate":{"value":1})")),
              ElementsAre("/_birthDate/value: unknown element"));
  EXPECT_THAT(check(patient(R"("name":[null,"b"],"_name":[)" + ext + ",null]")), IsEmpty());
  EXPECT_THAT(check(patient(R"("name":["a","b"],"_name":[null])")),
              ElementsAre("/_name: expected as many items as name"));
  EXPECT_THAT(check(patient(R"("_weight":)" + ext)), ElementsAre("/_weight: unknown element"));
  EXPECT_THAT(check(R"({"resourceType":"Patient","_status":)" + ext + "}"),
              IsEmpty());  // present through its extension
}

TEST(FhirValidatorTest, MetaProfileThatIsNotLoaded) {
  EXPECT_THAT(check(patient(R"("meta":{"profile":["http://example.org/other|1.0"]})")),
              ElementsAre("/meta/profile/0: profile http://example.org/other is not loaded"));
}

TEST(FhirValidatorProfileTest, AcceptsAConformingResource) {
  EXPECT_THAT(check(profiled()), IsEmpty());
  EXPECT_TRUE(test::fixture_validator().has_profile(kProfile));
  EXPECT_TRUE(test::fixture_validator().has_profile(kProfile + "|1.0"));
  EXPECT_FALSE(test::fixture_validator().has_profile("http://example.org/nothing"));
}

TEST(FhirValidatorProfileTest, ProfileCardinality) {
  std::string json = profiled();
  json.replace(json.find("\"active\":true,"), 14, "");
  EXPECT_THAT(check(json), ElementsAre("/active: expected 1..1, found 0 (Patient.active)"));
  EXPECT_THAT(check(profiled(R"("name":["a","b","c"])")),
              ElementsAre("/name: expected 0..2, found 3 (Patient.name)"));
}

TEST(FhirValidatorProfileTest, ExplicitProfileArgument) {
  std::string json = profiled();
  json.replace(json.find("\"meta\""), json.find("\"extension\"") - json.find("\"meta\""), "");
  EXPECT_TRUE(test::fixture_validator().validate(json).ok());
  json.replace(json.find("\"active\":true,"), 14, "");
  EXPECT_TRUE(test::fixture_validator().validate(json).ok());
  EXPECT_THAT(test::issue_lines(test::fixture_validator().validate(json, kProfile)),
              ElementsAre("/active: expected 1..1, found 0 (Patient.active)"));
  EXPECT_THAT(
      test::issue_lines(test::fixture_validator().validate(
          R"({"resourceType":"Organization","name":"o"})", kProfile)),
      ElementsAre("(root): profile " + kProfile + " is for Patient, not this resource type"));
}

TEST(FhirValidatorProfileTest, ExtensionSlices) {
  std::string missing = profiled();
  missing.replace(missing.find("\"extension\""),
                  missing.find("\"active\"") - missing.find("\"extension\""), "");
  EXPECT_THAT(
      check(missing),
      ElementsAre("/extension: slice note expected 1..1, found 0 (Patient.extension:note)"));
  std::string twice = profiled();
  twice.insert(twice.find("}],\"active\""), R"(},{"url":")" + kNote + R"(","valueString":"m")");
  EXPECT_THAT(
      check(twice),
      ElementsAre("/extension: slice note expected 1..1, found 2 (Patient.extension:note)"));
}

TEST(FhirValidatorProfileTest, ComplexExtension) {
  auto with_override = [](const std::string& body) {
    std::string json = profiled();
    json.insert(json.find("}],\"active\""), R"(},{"url":")" + kOverride + "\"" + body);
    return json;
  };
  EXPECT_THAT(
      check(with_override(
          R"(,"extension":[{"url":"reason","valueString":"r"},{"url":"time","valueDateTime":"2026-03-01T10:00:00Z"}])")),
      IsEmpty());
  EXPECT_THAT(check(with_override(R"(,"extension":[{"url":"time","valueDateTime":"2026"}])")),
              ElementsAre("/extension/1/extension: slice reason expected 1..1, found 0 "
                          "(Extension.extension:reason)"));
  EXPECT_THAT(
      check(with_override(
          R"(,"extension":[{"url":"reason","valueString":"r"},{"url":"time","valueString":"t"}])")),
      ElementsAre("/extension/1/extension/1/valueString: unknown element",
                  "/extension/1/extension/1/value[x]: expected 1..1, found 0 "
                  "(Extension.extension:time.value[x])"));
  EXPECT_THAT(check(with_override(
                  R"(,"valueString":"v","extension":[{"url":"reason","valueString":"r"}])")),
              ElementsAre("/extension/1/valueString: expected 0..0, found 1 (Extension.value[x])"));
}

TEST(FhirValidatorProfileTest, PatternAndFixedValues) {
  EXPECT_THAT(check(profiled(R"("deceasedBoolean":false)")), IsEmpty());
  EXPECT_THAT(check(profiled(R"("deceasedBoolean":true)")),
              ElementsAre("/deceasedBoolean: value does not match the pattern of "
                          "Patient.deceased[x]:deceasedBoolean"));
  EXPECT_THAT(
      check(profiled(R"("weight":{"value":70,"system":"http://unitsofmeasure.org","code":"kg"})")),
      IsEmpty());
  EXPECT_THAT(
      check(profiled(R"("weight":{"value":70,"system":"http://other.example","code":"kg"})")),
      ElementsAre("/weight/system: value does not match the fixed value of Patient.weight.system"));
  EXPECT_THAT(check(profiled(R"("weight":{"value":70,"system":"http://unitsofmeasure.org"})")),
              ElementsAre("/weight/code: expected 1..1, found 0 (Patient.weight.code)"));
}

TEST(FhirValidatorProfileTest, PatternSlices) {
  std::string json = profiled();
  const size_t alpha = json.find("\"alpha\"");
  json.replace(alpha, 7, "\"beta\"");
  EXPECT_THAT(
      check(json),
      ElementsAre("/code/coding: slice main expected 1..1, found 0 (Patient.code.coding:main)"));
  EXPECT_THAT(check(profiled(R"("name":["a"])")), IsEmpty());
}

TEST(FhirValidatorProfileTest, ClosedSlicingByChildValues) {
  std::string json = profiled();
  json.insert(json.find("]}]") + 2,
              R"(,{"coding":[{"system":")" + kCodes + R"(","code":"alpha"}]})");
  EXPECT_THAT(check(json),
              ElementsAre("/category/1: matches no slice of Patient.category (closed slicing)"));
  std::string none = profiled();
  none.replace(none.rfind("\"beta\""), 6, "\"alpha\"");
  EXPECT_THAT(check(none),
              ElementsAre("/category/0: matches no slice of Patient.category (closed slicing)",
                          "/category: slice kind expected 1..1, found 0 (Patient.category:kind)"));
}

TEST(FhirValidatorProfileTest, ProfileNarrowsReferenceTargets) {
  EXPECT_THAT(check(profiled(R"("generalPractitioner":[{"reference":"Practitioner/1"}])")),
              IsEmpty());
  EXPECT_THAT(check(profiled(R"("generalPractitioner":[{"reference":"Organization/1"}])")),
              ElementsAre("/generalPractitioner/0/reference: reference to Organization is not "
                          "allowed (allowed: Practitioner)"));
}

TEST(FhirValidatorProfileTest, CoreErrorsAreReportedOnce) {
  EXPECT_THAT(check(profiled(R"("birthDate":"1970-13")")),
              ElementsAre("/birthDate: not a valid date"));
}

}  // namespace
}  // namespace titrate::validation
