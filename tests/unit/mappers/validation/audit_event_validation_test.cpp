#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mappers/validation/fhir_validator.h"
#include "tests/unit/mappers/validation/validation_test_support.h"

// The audit trail's AuditEvents (IHE BALP "read" and "search" records, fixtures in
// tests/fixtures/fhir/audit) against the R4 core definitions of fhir-profiles/: the records are
// accepted, and each broken copy is rejected at the element that is wrong and nowhere else.
namespace titrate::validation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const FhirValidator& validator() {
  static const FhirValidator loaded =
      FhirValidator::load(std::string(TITRATE_CONFIG_DIR) + "/../fhir-profiles");
  return loaded;
}

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(TITRATE_FIXTURES_DIR) + "/fhir/audit/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

rapidjson::Document parsed(const std::string& name) {
  const std::string json = fixture(name);
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  EXPECT_FALSE(doc.HasParseError()) << name;
  return doc;
}

std::vector<std::string> check(const rapidjson::Document& doc) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return test::issue_lines(validator().validate(std::string(buffer.GetString(), buffer.GetSize())));
}

const std::string kRead = "audit-event-read.json";
const std::string kSearch = "audit-event-search.json";

TEST(AuditEventValidation, TheAuditEventDefinitionIsLoaded) {
  EXPECT_TRUE(validator().has_profile("http://hl7.org/fhir/StructureDefinition/AuditEvent"));
}

TEST(AuditEventValidation, AcceptsABalpReadRecord) {
  EXPECT_THAT(test::issue_lines(validator().validate(fixture(kRead))), IsEmpty());
}

TEST(AuditEventValidation, AcceptsABalpSearchRecord) {
  EXPECT_THAT(test::issue_lines(validator().validate(fixture(kSearch))), IsEmpty());
}

TEST(AuditEventValidation, AcceptsEveryCodeOfTheRequiredBindings) {
  rapidjson::Document doc = parsed(kRead);
  for (const char* action : {"C", "R", "U", "D", "E"}) {
    doc["action"].SetString(rapidjson::StringRef(action));
    EXPECT_THAT(check(doc), IsEmpty()) << action;
  }
  for (const char* outcome : {"0", "4", "8", "12"}) {
    doc["outcome"].SetString(rapidjson::StringRef(outcome));
    EXPECT_THAT(check(doc), IsEmpty()) << outcome;
  }
  for (const char* type : {"1", "2", "3", "4", "5"}) {
    rapidjson::Pointer("/agent/0/network/type").Set(doc, type);
    EXPECT_THAT(check(doc), IsEmpty()) << type;
  }
}

TEST(AuditEventValidation, AcceptsEntityDetailsOfBothValueTypes) {
  rapidjson::Document doc = parsed(kSearch);
  rapidjson::Pointer("/entity/0/detail/0/type").Set(doc, "http-method");
  rapidjson::Pointer("/entity/0/detail/0/valueString").Set(doc, "GET");
  rapidjson::Pointer("/entity/0/detail/1/type").Set(doc, "request-body");
  rapidjson::Pointer("/entity/0/detail/1/valueBase64Binary").Set(doc, "e30=");
  EXPECT_THAT(check(doc), IsEmpty());
}

TEST(AuditEventValidation, ActionOutsideItsRequiredValueSetIsRejected) {
  rapidjson::Document doc = parsed(kRead);
  doc["action"].SetString("read");
  EXPECT_THAT(check(doc), ElementsAre("/action: value is not in required ValueSet "
                                      "http://hl7.org/fhir/ValueSet/audit-event-action"));
}

TEST(AuditEventValidation, OutcomeOutsideItsRequiredValueSetIsRejected) {
  rapidjson::Document doc = parsed(kSearch);
  doc["outcome"].SetString("1");
  EXPECT_THAT(check(doc), ElementsAre("/outcome: value is not in required ValueSet "
                                      "http://hl7.org/fhir/ValueSet/audit-event-outcome"));
}

TEST(AuditEventValidation, NetworkTypeOutsideItsRequiredValueSetIsRejected) {
  rapidjson::Document doc = parsed(kRead);
  rapidjson::Pointer("/agent/0/network/type").Set(doc, "6");
  EXPECT_THAT(check(doc), ElementsAre("/agent/0/network/type: value is not in required ValueSet "
                                      "http://hl7.org/fhir/ValueSet/network-type"));
}

TEST(AuditEventValidation, AgentWithoutRequestorIsRejected) {
  rapidjson::Document doc = parsed(kRead);
  doc["agent"][1].RemoveMember("requestor");
  EXPECT_THAT(check(doc), ElementsAre("/agent/1/requestor: expected 1..1, found 0 "
                                      "(AuditEvent.agent.requestor)"));
}

TEST(AuditEventValidation, RecordWithoutSourceIsRejected) {
  rapidjson::Document doc = parsed(kRead);
  doc.RemoveMember("source");
  EXPECT_THAT(check(doc), ElementsAre("/source: expected 1..1, found 0 (AuditEvent.source)"));
}

TEST(AuditEventValidation, SourceWithoutObserverIsRejected) {
  rapidjson::Document doc = parsed(kSearch);
  doc["source"].RemoveMember("observer");
  EXPECT_THAT(check(doc), ElementsAre("/source/observer: expected 1..1, found 0 "
                                      "(AuditEvent.source.observer)"));
}

TEST(AuditEventValidation, RecordWithoutTypeRecordedOrAgentIsRejected) {
  rapidjson::Document doc = parsed(kRead);
  doc.RemoveMember("type");
  doc.RemoveMember("recorded");
  doc.RemoveMember("agent");
  EXPECT_THAT(check(doc), ::testing::UnorderedElementsAre(
                              "/type: expected 1..1, found 0 (AuditEvent.type)",
                              "/recorded: expected 1..1, found 0 (AuditEvent.recorded)",
                              "/agent: expected 1..*, found 0 (AuditEvent.agent)"));
}

TEST(AuditEventValidation, RecordedThatIsNotAnInstantIsRejected) {
  rapidjson::Document doc = parsed(kRead);
  doc["recorded"].SetString("2026-03-01");
  EXPECT_THAT(check(doc), ElementsAre("/recorded: not a valid instant"));
}

TEST(AuditEventValidation, QueryThatIsNotBase64IsRejected) {
  rapidjson::Document doc = parsed(kSearch);
  doc["entity"][0]["query"].SetString("status=in-progress");
  const std::vector<std::string> issues = check(doc);
  ASSERT_EQ(issues.size(), 1u) << ::testing::PrintToString(issues);
  EXPECT_THAT(issues[0], ::testing::StartsWith("/entity/0/query: "));
}

TEST(AuditEventValidation, TypeAsACodeableConceptIsRejected) {
  // R4's AuditEvent.type is a Coding; R5 made it a CodeableConcept "code".
  rapidjson::Document doc = parsed(kRead);
  rapidjson::Value coding(doc["type"], doc.GetAllocator());
  rapidjson::Value concept_value(rapidjson::kObjectType);
  rapidjson::Value codings(rapidjson::kArrayType);
  codings.PushBack(coding, doc.GetAllocator());
  concept_value.AddMember("coding", codings, doc.GetAllocator());
  doc["type"] = concept_value;
  EXPECT_THAT(check(doc), ElementsAre("/type/coding: unknown element"));
}

TEST(AuditEventValidation, AgentWhoOfAnUnallowedTypeIsRejected) {
  rapidjson::Document doc = parsed(kRead);
  rapidjson::Pointer("/agent/0/who/reference").Set(doc, "Location/ward-3");
  EXPECT_THAT(check(doc),
              ElementsAre("/agent/0/who/reference: reference to this type is not allowed (allowed: "
                          "PractitionerRole | Practitioner | Organization | Device | Patient | "
                          "RelatedPerson)"));
}

TEST(AuditEventValidation, DetailWithoutValueIsRejected) {
  rapidjson::Document doc = parsed(kSearch);
  rapidjson::Pointer("/entity/0/detail/0/type").Set(doc, "http-method");
  const std::vector<std::string> issues = check(doc);
  ASSERT_EQ(issues.size(), 1u) << ::testing::PrintToString(issues);
  EXPECT_THAT(issues[0], ::testing::StartsWith("/entity/0/detail/0/value[x]: expected 1..1"));
}

TEST(AuditEventValidation, RequestorGivenAsAStringIsRejected) {
  rapidjson::Document doc = parsed(kRead);
  doc["agent"][0]["requestor"].SetString("true");
  EXPECT_THAT(check(doc), ElementsAre("/agent/0/requestor: expected a JSON boolean"));
}

}  // namespace
}  // namespace titrate::validation
