#include <gtest/gtest.h>

#include "mappers/outbound/fhir/observation.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

rapidjson::Document map(const model::ObservationEvent& event) {
  const FhirResource resource = map_observation(event);
  EXPECT_EQ(resource.type, "Observation");
  return parse(resource.json);
}

constexpr const char* kVitalSignsProfile =
    "http://fhir.titrate.dev/StructureDefinition/titrate-vital-signs";

TEST(OutboundObservation, HeartRateFollowsTheVitalSignsProfile) {
  const FhirResource resource = map_observation(heart_rate());
  EXPECT_EQ(resource.id, "obs-hr-1");
  const rapidjson::Document doc = parse(resource.json);
  EXPECT_EQ(str(doc["id"]), "obs-hr-1");
  ASSERT_EQ(doc["meta"]["profile"].Size(), 1u);
  EXPECT_EQ(str(doc["meta"]["profile"][0]), kVitalSignsProfile);
  EXPECT_EQ(str(doc["status"]), "final");
  EXPECT_EQ(str(doc["category"][0]["coding"][0]["system"]),
            "http://terminology.hl7.org/CodeSystem/observation-category");
  EXPECT_EQ(str(doc["category"][0]["coding"][0]["code"]), "vital-signs");
  EXPECT_EQ(str(doc["category"][0]["coding"][0]["display"]), "Vital Signs");
  // LOINC first, MDC second, whatever the order in the event.
  ASSERT_EQ(doc["code"]["coding"].Size(), 2u);
  EXPECT_EQ(str(doc["code"]["coding"][0]["system"]), "http://loinc.org");
  EXPECT_EQ(str(doc["code"]["coding"][0]["code"]), "8867-4");
  EXPECT_EQ(str(doc["code"]["coding"][1]["system"]), "urn:iso:std:iso:11073:10101");
  EXPECT_EQ(str(doc["code"]["coding"][1]["code"]), "147842");
  EXPECT_DOUBLE_EQ(doc["valueQuantity"]["value"].GetDouble(), 72);
  EXPECT_EQ(str(doc["valueQuantity"]["system"]), "http://unitsofmeasure.org");
  EXPECT_EQ(str(doc["valueQuantity"]["code"]), "/min");
  EXPECT_EQ(str(doc["effectiveDateTime"]), "2026-11-21T08:30:00-05:00");
  EXPECT_EQ(str(doc["subject"]["type"]), "Patient");
  EXPECT_EQ(str(doc["subject"]["identifier"]["value"]), "MRN-1");
  EXPECT_EQ(str(doc["device"]["type"]), "Device");
  EXPECT_EQ(str(doc["device"]["identifier"]["system"]), "http://fhir.titrate.dev/sid/device");
  EXPECT_EQ(str(doc["device"]["identifier"]["value"]), "monitor-7");
  EXPECT_EQ(str(doc["partOf"][0]["reference"]), "MedicationAdministration/sess-4711");
  EXPECT_EQ(str(doc["identifier"][0]["system"]), "http://fhir.titrate.dev/sid/observation");
  EXPECT_EQ(str(doc["identifier"][0]["value"]), "obs-hr-1");
  EXPECT_FALSE(doc.HasMember("component"));
  ASSERT_EQ(doc["derivedFrom"].Size(), 1u);
  EXPECT_FALSE(doc["derivedFrom"][0].HasMember("type"));
  EXPECT_EQ(str(doc["derivedFrom"][0]["identifier"]["system"]),
            "http://fhir.titrate.dev/sid/device-message");
  EXPECT_EQ(str(doc["derivedFrom"][0]["identifier"]["value"]), "evt-pcd01-9");
}

TEST(OutboundObservation, NoDerivedFromWithoutASourceEvent) {
  model::ObservationEvent event = heart_rate();
  event.source_event_id.clear();
  EXPECT_FALSE(map(event).HasMember("derivedFrom"));
}

TEST(OutboundObservation, BloodPressureIsAPanelWithComponentsAndNoValue) {
  const rapidjson::Document doc = map(blood_pressure());
  ASSERT_EQ(doc["meta"]["profile"].Size(), 1u);
  EXPECT_EQ(str(doc["meta"]["profile"][0]), kVitalSignsProfile);
  EXPECT_EQ(str(doc["code"]["coding"][0]["code"]), "85354-9");
  EXPECT_FALSE(doc.HasMember("valueQuantity"));
  EXPECT_FALSE(doc.HasMember("dataAbsentReason"));
  const auto& components = doc["component"];
  ASSERT_EQ(components.Size(), 2u);
  EXPECT_EQ(str(components[0]["code"]["coding"][0]["system"]), "http://loinc.org");
  EXPECT_EQ(str(components[0]["code"]["coding"][0]["code"]), "8480-6");
  EXPECT_EQ(str(components[0]["code"]["coding"][1]["code"]), "150021");
  EXPECT_DOUBLE_EQ(components[0]["valueQuantity"]["value"].GetDouble(), 128);
  EXPECT_EQ(str(components[0]["valueQuantity"]["code"]), "mm[Hg]");
  EXPECT_EQ(str(components[1]["code"]["coding"][0]["code"]), "8462-4");
  EXPECT_DOUBLE_EQ(components[1]["valueQuantity"]["value"].GetDouble(), 84);
  EXPECT_EQ(str(components[1]["valueQuantity"]["unit"]), "mm[Hg]");
}

TEST(OutboundObservation, BloodPressureWithAStrayValueStillHasNoValueQuantity) {
  model::ObservationEvent event = blood_pressure();
  event.value = qty("128", "mm[Hg]");
  EXPECT_FALSE(map(event).HasMember("valueQuantity"));
}

// Titrate's vital-signs profile covers every vital sign; the R4 per-sign profiles (bp,
// heartrate, ...) are not claimed: Titrate does not ship them, and the validator refuses a
// claimed profile it has not loaded.
TEST(OutboundObservation, EveryVitalSignClaimsOnlyTheTitrateVitalSignsProfile) {
  for (const char* loinc : {"2708-6", "9279-1", "29463-7", "8302-2", "8310-5", "72514-3"}) {
    model::ObservationEvent event = heart_rate();
    event.code = {};
    event.code.codings.push_back({"http://loinc.org", loinc, ""});
    const rapidjson::Document doc = map(event);
    ASSERT_EQ(doc["meta"]["profile"].Size(), 1u) << loinc;
    EXPECT_EQ(str(doc["meta"]["profile"][0]), kVitalSignsProfile) << loinc;
  }
}

TEST(OutboundObservation, PumpReadingUsesTheTitrateDeviceCategory) {
  const rapidjson::Document doc = map(pump_rate_reading());
  ASSERT_EQ(doc["meta"]["profile"].Size(), 1u);
  EXPECT_EQ(str(doc["meta"]["profile"][0]),
            "http://fhir.titrate.dev/StructureDefinition/titrate-pump-reading");
  EXPECT_EQ(str(doc["category"][0]["coding"][0]["system"]),
            "http://fhir.titrate.dev/CodeSystem/observation-category");
  EXPECT_EQ(str(doc["category"][0]["coding"][0]["code"]), "device");
  EXPECT_EQ(str(doc["code"]["coding"][0]["code"]), "157784");
  EXPECT_EQ(str(doc["valueQuantity"]["code"]), "mL/h");
  EXPECT_EQ(str(doc["device"]["identifier"]["system"]),
            "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680");
  EXPECT_FALSE(doc.HasMember("partOf"));
}

TEST(OutboundObservation, PumpReadingWithoutPatientIsAboutTheDevice) {
  model::ObservationEvent event = pump_rate_reading();
  event.patient_id = {};
  const rapidjson::Document doc = map(event);
  EXPECT_EQ(str(doc["subject"]["type"]), "Device");
  EXPECT_EQ(str(doc["subject"]["identifier"]["value"]), "0012210000000001");
}

TEST(OutboundObservation, ValueMissingGivesDataAbsentReason) {
  model::ObservationEvent event = heart_rate();
  event.value.reset();
  const rapidjson::Document doc = map(event);
  EXPECT_FALSE(doc.HasMember("valueQuantity"));
  EXPECT_EQ(str(doc["dataAbsentReason"]["coding"][0]["system"]),
            "http://terminology.hl7.org/CodeSystem/data-absent-reason");
  EXPECT_EQ(str(doc["dataAbsentReason"]["coding"][0]["code"]), "unknown");
}

TEST(OutboundObservation, AnR4CategoryOtherThanVitalSignsKeepsTheR4System) {
  model::ObservationEvent event = pump_rate_reading();
  event.category = "exam";
  const rapidjson::Document doc = map(event);
  EXPECT_EQ(str(doc["category"][0]["coding"][0]["system"]),
            "http://terminology.hl7.org/CodeSystem/observation-category");
  EXPECT_EQ(str(doc["category"][0]["coding"][0]["display"]), "Exam");
  EXPECT_FALSE(doc.HasMember("meta"));  // Titrate has no profile for it
}

TEST(OutboundObservation, MissingRequiredInputThrows) {
  model::ObservationEvent event = heart_rate();
  event.patient_id = {};
  EXPECT_THROW(map_observation(event), OutboundFhirError);
  event = heart_rate();
  event.code = {};
  EXPECT_THROW(map_observation(event), OutboundFhirError);
  event = heart_rate();
  event.time = {};
  EXPECT_THROW(map_observation(event), OutboundFhirError);
  event = pump_rate_reading();
  event.patient_id = {};
  event.device.clear();
  EXPECT_THROW(map_observation(event), OutboundFhirError);
}

}  // namespace
}  // namespace titrate::outbound::fhir
