#include "mappers/outbound/fhir/audit_event.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include <string>

#include "mappers/validation/fhir_validator.h"

namespace titrate::outbound::fhir {
namespace {

using model::AuditAction;
using model::AuditEntityRole;
using model::AuditKind;
using model::AuditOutcome;

constexpr int64_t kRecorded = 1'795'252'200'123'000;  // 2026-11-21T09:10:00.123Z
const AuditSource kSource{"gw1.example", "Titrate 0.1.0"};

const validation::FhirValidator& validator() {
  static const validation::FhirValidator loaded =
      validation::FhirValidator::load(std::string(TITRATE_CONFIG_DIR) + "/../fhir-profiles");
  return loaded;
}

std::string errors_of(const std::string& json) {
  std::string text;
  for (const validation::ValidationIssue& issue : validator().validate(json).errors)
    text += "\n  " + issue.pointer + ": " + issue.message;
  return text;
}

std::string at(const rapidjson::Document& doc, const char* pointer) {
  const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc);
  if (!v) return "<absent>";
  if (v->IsString()) return v->GetString();
  if (v->IsBool()) return v->GetBool() ? "true" : "false";
  return "<not a string>";
}

rapidjson::Document parsed(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  return doc;
}

model::AuditAgent client(std::string name, std::string address) {
  model::AuditAgent a;
  a.name = std::move(name);
  a.address = std::move(address);
  a.requestor = true;
  return a;
}

model::AuditAgent server() {
  model::AuditAgent a;
  a.name = "titrate";
  a.source = false;
  return a;
}

TEST(AuditEventTest, ReadIsARestEventWithTheResourceAtItsVersion) {
  model::AuditRecord r;
  r.kind = AuditKind::kRestInteraction;
  r.subtype = "read";
  r.action = AuditAction::kRead;
  r.recorded_us = kRecorded;
  r.agents = {client("ehr-reader", "10.1.2.3:51234"), server()};
  model::AuditEntity e;
  e.reference = "MedicationAdministration/ma-1/_history/2";
  e.role = AuditEntityRole::kDomainResource;
  r.entities.push_back(e);
  const std::string json = audit_event_json(r, "ae-1", kSource);
  const auto doc = parsed(json);
  EXPECT_EQ(at(doc, "/resourceType"), "AuditEvent");
  EXPECT_EQ(at(doc, "/type/system"), "http://terminology.hl7.org/CodeSystem/audit-event-type");
  EXPECT_EQ(at(doc, "/type/code"), "rest");
  EXPECT_EQ(at(doc, "/subtype/0/system"), "http://hl7.org/fhir/restful-interaction");
  EXPECT_EQ(at(doc, "/subtype/0/code"), "read");
  EXPECT_EQ(at(doc, "/action"), "R");
  EXPECT_EQ(at(doc, "/recorded"), "2026-11-21T09:10:00.123Z");
  EXPECT_EQ(at(doc, "/outcome"), "0");
  EXPECT_EQ(at(doc, "/agent/0/type/coding/0/code"), "110153");
  EXPECT_EQ(at(doc, "/agent/0/name"), "ehr-reader");
  EXPECT_EQ(at(doc, "/agent/0/requestor"), "true");
  EXPECT_EQ(at(doc, "/agent/0/network/address"), "10.1.2.3");
  EXPECT_EQ(at(doc, "/agent/0/network/type"), "2");
  EXPECT_EQ(at(doc, "/agent/1/type/coding/0/code"), "110152");
  EXPECT_EQ(at(doc, "/agent/1/requestor"), "false");
  EXPECT_EQ(at(doc, "/source/site"), "gw1.example");
  EXPECT_EQ(at(doc, "/source/observer/display"), "Titrate 0.1.0");
  EXPECT_EQ(at(doc, "/source/type/0/code"), "4");
  EXPECT_EQ(at(doc, "/entity/0/what/reference"), "MedicationAdministration/ma-1/_history/2");
  EXPECT_EQ(at(doc, "/entity/0/type/code"), "2");
  EXPECT_EQ(at(doc, "/entity/0/role/code"), "4");
  EXPECT_EQ(errors_of(json), "");
}

TEST(AuditEventTest, SearchCarriesTheQueryInBase64) {
  model::AuditRecord r;
  r.subtype = "search-type";
  r.recorded_us = kRecorded;
  r.outcome = AuditOutcome::kMinorFailure;
  r.outcome_text = "HTTP 403";
  r.agents = {client("", "[::1]:4000"), server()};
  model::AuditEntity e;
  e.role = AuditEntityRole::kQuery;
  e.name = "Observation";  // left out: R4 sev-1 allows a name or a query, not both
  e.query = "patient=urn:oid:1.2|42&code=8867-4";
  r.entities.push_back(e);
  const std::string json = audit_event_json(r, "ae-2", kSource);
  const auto doc = parsed(json);
  EXPECT_EQ(at(doc, "/action"), "E");
  EXPECT_EQ(at(doc, "/outcome"), "4");
  EXPECT_EQ(at(doc, "/outcomeDesc"), "HTTP 403");
  EXPECT_EQ(at(doc, "/agent/0/who"), "<absent>");  // unauthenticated: no who, only the address
  EXPECT_EQ(at(doc, "/agent/0/network/address"), "::1");
  EXPECT_EQ(at(doc, "/entity/0/role/code"), "24");
  EXPECT_EQ(at(doc, "/entity/0/query"), "cGF0aWVudD11cm46b2lkOjEuMnw0MiZjb2RlPTg4NjctNA==");
  EXPECT_EQ(at(doc, "/entity/0/name"), "<absent>");
  EXPECT_EQ(errors_of(json), "");
}

TEST(AuditEventTest, InboundMessageIsAnImportWithItsControlIdAndNoContent) {
  model::AuditRecord r;
  r.kind = AuditKind::kImport;
  r.action = AuditAction::kCreate;
  r.subtype_system = "http://terminology.hl7.org/CodeSystem/v2-0003";
  r.subtype = "O01";
  r.recorded_us = kRecorded;
  model::AuditAgent sender = client("CLINIC|NORTH", "10.0.0.7:3000");
  sender.certificate_subject = "/CN=clinic-ehr/O=North Clinic";
  r.agents = {sender, server()};
  model::AuditEntity e;
  e.name = "ORM^O01";
  e.role = AuditEntityRole::kJob;
  e.details = {{"MSH-10", "MSG0001"}, {"journal", "17"}};
  r.entities.push_back(e);
  const std::string json = audit_event_json(r, "ae-3", kSource);
  const auto doc = parsed(json);
  EXPECT_EQ(at(doc, "/type/system"), "http://dicom.nema.org/resources/ontology/DCM");
  EXPECT_EQ(at(doc, "/type/code"), "110107");
  EXPECT_EQ(at(doc, "/subtype/0/code"), "O01");
  EXPECT_EQ(at(doc, "/action"), "C");
  EXPECT_EQ(at(doc, "/agent/0/altId"), "/CN=clinic-ehr/O=North Clinic");
  EXPECT_EQ(at(doc, "/entity/0/name"), "ORM^O01");
  EXPECT_EQ(at(doc, "/entity/0/role/code"), "20");
  EXPECT_EQ(at(doc, "/entity/0/detail/0/type"), "MSH-10");
  EXPECT_EQ(at(doc, "/entity/0/detail/0/valueString"), "MSG0001");
  EXPECT_EQ(errors_of(json), "");
}

TEST(AuditEventTest, FixedKindsHaveTheirDicomSubtypes) {
  const struct {
    AuditKind kind;
    const char *type, *subtype;
  } cases[] = {{AuditKind::kExport, "110106", "<absent>"},
               {AuditKind::kConfiguration, "110113", "110131"},
               {AuditKind::kNodeAuthentication, "110113", "110126"},
               {AuditKind::kApplicationStart, "110100", "110120"},
               {AuditKind::kApplicationStop, "110100", "110121"}};
  for (const auto& c : cases) {
    model::AuditRecord r;
    r.kind = c.kind;
    r.recorded_us = kRecorded;
    r.agents = {server()};
    const std::string json = audit_event_json(r, "ae-4", kSource);
    const auto doc = parsed(json);
    EXPECT_EQ(at(doc, "/type/code"), c.type);
    EXPECT_EQ(at(doc, "/subtype/0/code"), c.subtype) << c.type;
    EXPECT_EQ(errors_of(json), "") << c.type;
  }
}

TEST(AuditEventTest, NetworkAddressDropsThePort) {
  EXPECT_EQ(network_address("10.1.2.3:5555"), "10.1.2.3");
  EXPECT_EQ(network_address("[fe80::1]:80"), "fe80::1");
  EXPECT_EQ(network_address("fe80::1"), "fe80::1");
  EXPECT_EQ(network_address("ehr.example"), "ehr.example");
  EXPECT_EQ(network_address(""), "");
}

}  // namespace
}  // namespace titrate::outbound::fhir
