#include <gtest/gtest.h>

#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/medication_administration.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;
using model::SessionState;

rapidjson::Document map(const model::AdministrationEvent& event) {
  const std::optional<FhirResource> resource = map_medication_administration(event);
  EXPECT_TRUE(resource.has_value());
  if (!resource) return {};
  EXPECT_EQ(resource->type, "MedicationAdministration");
  return parse(resource->json);
}

TEST(OutboundMedicationAdministration, RunningSessionMapsEveryElement) {
  const auto resource = map_medication_administration(running_session());
  ASSERT_TRUE(resource);
  EXPECT_EQ(resource->id, "sess-4711");
  const rapidjson::Document doc = parse(resource->json);
  EXPECT_EQ(str(doc["resourceType"]), "MedicationAdministration");
  EXPECT_EQ(str(doc["id"]), "sess-4711");
  EXPECT_EQ(str(doc["meta"]["profile"][0]),
            "http://fhir.titrate.dev/StructureDefinition/titrate-medicationadministration");
  EXPECT_EQ(str(doc["identifier"][0]["system"]), "http://fhir.titrate.dev/sid/infusion-session");
  EXPECT_EQ(str(doc["identifier"][0]["value"]), "sess-4711");
  EXPECT_EQ(str(doc["status"]), "in-progress");
  EXPECT_FALSE(doc.HasMember("statusReason"));

  const auto& medication = doc["medicationCodeableConcept"];
  ASSERT_EQ(medication["coding"].Size(), 2u);
  EXPECT_EQ(str(medication["coding"][0]["system"]), "http://www.nlm.nih.gov/research/umls/rxnorm");
  EXPECT_EQ(str(medication["coding"][0]["code"]), "6130");
  EXPECT_EQ(str(medication["coding"][1]["system"]), "http://snomed.info/sct");
  EXPECT_EQ(str(medication["text"]), "ketamine");

  EXPECT_EQ(str(doc["subject"]["type"]), "Patient");
  EXPECT_EQ(str(doc["subject"]["identifier"]["system"]), "urn:oid:2.16.840.1.113883.19.5");
  EXPECT_EQ(str(doc["subject"]["identifier"]["value"]), "MRN-1");
  EXPECT_EQ(str(doc["subject"]["identifier"]["type"]["coding"][0]["system"]),
            "http://terminology.hl7.org/CodeSystem/v2-0203");
  EXPECT_EQ(str(doc["subject"]["identifier"]["type"]["coding"][0]["code"]), "MR");
  EXPECT_EQ(str(doc["context"]["type"]), "Encounter");
  EXPECT_EQ(str(doc["context"]["identifier"]["value"]), "V-9");
  EXPECT_EQ(str(doc["request"]["type"]), "MedicationRequest");
  EXPECT_EQ(str(doc["request"]["identifier"]["system"]), "http://hospital.example/orders");
  EXPECT_EQ(str(doc["request"]["identifier"]["value"]), "ORD-77");
  ASSERT_EQ(doc["device"].Size(), 1u);
  EXPECT_EQ(str(doc["device"][0]["type"]), "Device");
  EXPECT_EQ(str(doc["device"][0]["identifier"]["system"]),
            "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680");
  EXPECT_EQ(str(doc["device"][0]["identifier"]["value"]), "0012210000000001");

  EXPECT_EQ(str(doc["effectivePeriod"]["start"]), "2026-11-21T08:00:00-05:00");
  EXPECT_FALSE(doc["effectivePeriod"].HasMember("end"));
  EXPECT_FALSE(doc.HasMember("note"));
}

TEST(OutboundMedicationAdministration, InfusionSeriesExtensionWhenKnown) {
  EXPECT_FALSE(map(running_session()).HasMember("extension"));
  model::AdministrationEvent second = running_session();
  second.infusion_number = 2;
  second.series_total = 6;
  const rapidjson::Document doc = parse(map_medication_administration(second)->json);
  ASSERT_EQ(doc["extension"].Size(), 1u);
  const auto& series = doc["extension"][0];
  EXPECT_EQ(str(series["url"]), "http://fhir.titrate.dev/StructureDefinition/infusion-series");
  ASSERT_EQ(series["extension"].Size(), 2u);
  EXPECT_EQ(str(series["extension"][0]["url"]), "number");
  EXPECT_EQ(series["extension"][0]["valuePositiveInt"].GetInt(), 2);
  EXPECT_EQ(str(series["extension"][1]["url"]), "total");
  EXPECT_EQ(series["extension"][1]["valuePositiveInt"].GetInt(), 6);

  model::AdministrationEvent fourth = running_session();
  fourth.infusion_number = 4;
  const rapidjson::Document open_ended = parse(map_medication_administration(fourth)->json);
  ASSERT_EQ(open_ended["extension"][0]["extension"].Size(), 1u);
  EXPECT_EQ(open_ended["extension"][0]["extension"][0]["valuePositiveInt"].GetInt(), 4);
}

TEST(OutboundMedicationAdministration, DosageHasRouteDeliveredDoseRateAndText) {
  const auto resource = map_medication_administration(running_session());
  ASSERT_TRUE(resource);
  const rapidjson::Document doc = parse(resource->json);
  const auto& dosage = doc["dosage"];
  EXPECT_EQ(str(dosage["route"]["coding"][0]["system"]), "http://snomed.info/sct");
  EXPECT_EQ(str(dosage["route"]["coding"][0]["code"]), "47625008");
  EXPECT_EQ(str(dosage["route"]["coding"][0]["display"]), "Intravenous route");
  EXPECT_DOUBLE_EQ(dosage["dose"]["value"].GetDouble(), 35.0);
  EXPECT_EQ(str(dosage["dose"]["unit"]), "mg");
  EXPECT_EQ(str(dosage["dose"]["system"]), "http://unitsofmeasure.org");
  EXPECT_EQ(str(dosage["dose"]["code"]), "mg");
  EXPECT_DOUBLE_EQ(dosage["rateQuantity"]["value"].GetDouble(), 60.0);
  EXPECT_EQ(str(dosage["rateQuantity"]["code"]), "mL/h");
  EXPECT_EQ(str(dosage["rateQuantity"]["system"]), "http://unitsofmeasure.org");
  EXPECT_EQ(str(dosage["text"]),
            "ketamine 1 mg/mL IV infusion at 60 mL/h (60 mg/h); 35.0 mg (35.0 mL) delivered");
  // The Decimal's scale survives: 35.0, not 35.
  EXPECT_NE(resource->json.find(R"("dose":{"value":35.0,)"), std::string::npos) << resource->json;
}

TEST(OutboundMedicationAdministration, DoseAndRateAreConvertedToMgAndMlPerHour) {
  model::AdministrationEvent event = running_session();
  event.dose_delivered = qty("35000", "ug");
  event.rate = qty("1", "mL/min");
  const rapidjson::Document doc = map(event);
  EXPECT_DOUBLE_EQ(doc["dosage"]["dose"]["value"].GetDouble(), 35.0);
  EXPECT_EQ(str(doc["dosage"]["dose"]["code"]), "mg");
  EXPECT_DOUBLE_EQ(doc["dosage"]["rateQuantity"]["value"].GetDouble(), 60.0);
  EXPECT_EQ(str(doc["dosage"]["rateQuantity"]["code"]), "mL/h");
}

TEST(OutboundMedicationAdministration, NoRateWhenThePumpReportsNone) {
  model::AdministrationEvent event = running_session();
  event.rate.reset();
  const rapidjson::Document doc = map(event);
  EXPECT_FALSE(doc["dosage"].HasMember("rateQuantity"));
  EXPECT_EQ(str(doc["dosage"]["text"]),
            "ketamine 1 mg/mL IV infusion; 35.0 mg (35.0 mL) delivered");
}

TEST(OutboundMedicationAdministration, StatusOfEverySessionState) {
  struct Case {
    SessionState state;
    const char* status;
    bool has_end;
  };
  const Case cases[] = {
      {SessionState::kRunning, "in-progress", false}, {SessionState::kPaused, "on-hold", false},
      {SessionState::kCompleted, "completed", true},  {SessionState::kStopped, "stopped", true},
      {SessionState::kAborted, "stopped", true},
  };
  for (const Case& c : cases) {
    model::AdministrationEvent event = running_session();
    event.state = c.state;
    const rapidjson::Document doc = map(event);
    EXPECT_EQ(str(doc["status"]), c.status) << static_cast<int>(c.state);
    EXPECT_EQ(doc["effectivePeriod"].HasMember("end"), c.has_end) << static_cast<int>(c.state);
    if (c.has_end) {
      EXPECT_EQ(str(doc["effectivePeriod"]["end"]), "2026-11-21T08:35:00-05:00");
    }
  }
}

TEST(OutboundMedicationAdministration, AbortedHasStatusReason) {
  model::AdministrationEvent event = running_session();
  event.state = SessionState::kAborted;
  const rapidjson::Document doc = map(event);
  ASSERT_TRUE(doc.HasMember("statusReason"));
  const auto& reason = doc["statusReason"][0];
  EXPECT_EQ(str(reason["coding"][0]["system"]),
            "http://fhir.titrate.dev/CodeSystem/administration-status-reason");
  EXPECT_EQ(str(reason["coding"][0]["code"]), "aborted");
  EXPECT_EQ(str(reason["text"]), "Infusion aborted before completion");

  event.state = SessionState::kStopped;
  EXPECT_FALSE(map(event).HasMember("statusReason"));
}

TEST(OutboundMedicationAdministration, ProgrammedSessionProducesNoResource) {
  model::AdministrationEvent event = running_session();
  event.state = SessionState::kProgrammed;
  EXPECT_FALSE(map_medication_administration(event).has_value());
}

TEST(OutboundMedicationAdministration, StoppedBeforeStartingIsNotDone) {
  model::AdministrationEvent event = running_session();
  event.state = SessionState::kAborted;
  event.started = {};
  const rapidjson::Document doc = map(event);
  EXPECT_EQ(str(doc["status"]), "not-done");
  EXPECT_FALSE(doc.HasMember("effectivePeriod"));
  EXPECT_EQ(str(doc["effectiveDateTime"]), "2026-11-21T08:35:00-05:00");
}

TEST(OutboundMedicationAdministration, DeviationsBecomeNotes) {
  model::AdministrationEvent event = running_session();
  event.deviations = {"Delivered 35 mL of a planned 30 mL", "", "Ran 10 min beyond the plan"};
  const rapidjson::Document doc = map(event);
  ASSERT_EQ(doc["note"].Size(), 2u);
  EXPECT_EQ(str(doc["note"][0]["text"]), "Delivered 35 mL of a planned 30 mL");
  EXPECT_EQ(str(doc["note"][1]["text"]), "Ran 10 min beyond the plan");
}

TEST(OutboundMedicationAdministration, OptionalReferencesAreLeftOutWhenUnknown) {
  model::AdministrationEvent event = running_session();
  event.visit_number = {};
  event.placer = {};
  event.device.clear();
  const rapidjson::Document doc = map(event);
  EXPECT_FALSE(doc.HasMember("context"));
  EXPECT_FALSE(doc.HasMember("request"));
  EXPECT_FALSE(doc.HasMember("device"));
}

TEST(OutboundMedicationAdministration, IdIsStableAcrossEventsOfASession) {
  model::AdministrationEvent first = running_session();
  first.session_id = "pump 1/channel 2";
  model::AdministrationEvent later = first;
  later.sequence = 9;
  later.state = SessionState::kCompleted;
  later.time = {"2026-11-21T09:00:00-05:00"};
  const auto a = map_medication_administration(first);
  const auto b = map_medication_administration(later);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, b->id);
  EXPECT_TRUE(is_valid_fhir_id(a->id)) << a->id;
  EXPECT_EQ(a->id, medication_administration_id("pump 1/channel 2"));
}

TEST(OutboundMedicationAdministration, MissingRequiredInputThrows) {
  model::AdministrationEvent event = running_session();
  event.session_id.clear();
  EXPECT_THROW(map_medication_administration(event), OutboundFhirError);
  event = running_session();
  event.patient_id = {};
  EXPECT_THROW(map_medication_administration(event), OutboundFhirError);
  event = running_session();
  event.medication = {};
  EXPECT_THROW(map_medication_administration(event), OutboundFhirError);
}

}  // namespace
}  // namespace titrate::outbound::fhir
