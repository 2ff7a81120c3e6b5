#include <gtest/gtest.h>

#include "mappers/outbound/fhir/medication_request_status.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;
using model::OrderState;

rapidjson::Document map(const model::OrderStatusUpdate& update,
                        const model::CodeableConcept& medication = {}) {
  const FhirResource resource = map_medication_request_status(update, medication);
  EXPECT_EQ(resource.type, "MedicationRequest");
  return parse(resource.json);
}

TEST(OutboundMedicationRequestStatus, HeldOrderMapsEveryElement) {
  const FhirResource resource = map_medication_request_status(held_order());
  EXPECT_EQ(resource.id, "ORD-77");
  const rapidjson::Document doc = parse(resource.json);
  EXPECT_EQ(str(doc["resourceType"]), "MedicationRequest");
  EXPECT_EQ(str(doc["id"]), "ORD-77");
  ASSERT_EQ(doc["meta"]["profile"].Size(), 1u);
  EXPECT_EQ(str(doc["meta"]["profile"][0]),
            "http://fhir.titrate.dev/StructureDefinition/titrate-infusion-order");
  EXPECT_FALSE(doc.HasMember("extension"));  // the update names no infusion
  ASSERT_EQ(doc["identifier"].Size(), 2u);
  EXPECT_EQ(str(doc["identifier"][0]["type"]["coding"][0]["code"]), "PLAC");
  EXPECT_EQ(str(doc["identifier"][0]["system"]), "http://hospital.example/orders");
  EXPECT_EQ(str(doc["identifier"][0]["value"]), "ORD-77");
  EXPECT_EQ(str(doc["identifier"][1]["type"]["coding"][0]["code"]), "FILL");
  EXPECT_EQ(str(doc["identifier"][1]["value"]), "F-1");
  EXPECT_EQ(str(doc["status"]), "on-hold");
  EXPECT_EQ(str(doc["intent"]), "order");
  EXPECT_EQ(str(doc["subject"]["type"]), "Patient");
  EXPECT_EQ(str(doc["subject"]["identifier"]["value"]), "MRN-1");

  const auto& reason = doc["statusReason"];
  ASSERT_EQ(reason["coding"].Size(), 3u);
  EXPECT_EQ(str(reason["coding"][0]["system"]),
            "http://fhir.titrate.dev/CodeSystem/order-status-reason");
  EXPECT_EQ(str(reason["coding"][0]["code"]), "weight-missing");
  EXPECT_EQ(str(reason["coding"][1]["code"]), "contraindication");
  EXPECT_EQ(str(reason["coding"][2]["system"]), "http://hl7.org/fhir/sid/icd-10");
  EXPECT_EQ(str(reason["coding"][2]["code"]), "I10");
  EXPECT_EQ(str(reason["text"]), "No weight within 30 days; Contraindication on the problem list");
}

TEST(OutboundMedicationRequestStatus, InfusionNumberBecomesTheInfusionSeriesExtension) {
  model::OrderStatusUpdate update = held_order();
  update.infusion_number = 3;
  const rapidjson::Document doc = map(update);
  ASSERT_EQ(doc["extension"].Size(), 1u);
  const auto& series = doc["extension"][0];
  EXPECT_EQ(str(series["url"]), "http://fhir.titrate.dev/StructureDefinition/infusion-series");
  ASSERT_EQ(series["extension"].Size(), 1u);  // the series length is not in the update
  EXPECT_EQ(str(series["extension"][0]["url"]), "number");
  EXPECT_EQ(series["extension"][0]["valuePositiveInt"].GetInt(), 3);
}

TEST(OutboundMedicationRequestStatus, StatusOfEveryOrderState) {
  const std::pair<OrderState, const char*> cases[] = {
      {OrderState::kAccepted, "active"},
      {OrderState::kProgrammed, "active"},
      {OrderState::kHeld, "on-hold"},
      {OrderState::kOnHold, "on-hold"},
      {OrderState::kProgramRejected, "on-hold"},
      {OrderState::kRejected, "cancelled"},
      {OrderState::kCancelled, "cancelled"},
      {OrderState::kDiscontinued, "stopped"},
      {OrderState::kCompleted, "completed"},
  };
  for (const auto& [state, status] : cases) {
    model::OrderStatusUpdate update = held_order();
    update.state = state;
    EXPECT_EQ(str(map(update)["status"]), status) << static_cast<int>(state);
  }
}

TEST(OutboundMedicationRequestStatus, NoReasonsNoStatusReason) {
  model::OrderStatusUpdate update = held_order();
  update.state = OrderState::kAccepted;
  update.reasons.clear();
  update.filler = {};
  const rapidjson::Document doc = map(update);
  EXPECT_FALSE(doc.HasMember("statusReason"));
  EXPECT_EQ(doc["identifier"].Size(), 1u);
}

TEST(OutboundMedicationRequestStatus, ProgramRejectedCarriesThePivErrorAsText) {
  model::OrderStatusUpdate update = held_order();
  update.state = OrderState::kProgramRejected;
  update.reasons = {{"pump-rejected", "Pump refused the program: 9010", "", {"", "9010", ""}}};
  const rapidjson::Document doc = map(update);
  ASSERT_EQ(doc["statusReason"]["coding"].Size(), 1u);
  EXPECT_EQ(str(doc["statusReason"]["coding"][0]["code"]), "pump-rejected");
  EXPECT_EQ(str(doc["statusReason"]["text"]), "Pump refused the program: 9010");
}

TEST(OutboundMedicationRequestStatus, MedicationWhenKnownElseDataAbsent) {
  const rapidjson::Document known = map(held_order(), ketamine());
  EXPECT_EQ(str(known["medicationCodeableConcept"]["coding"][0]["system"]),
            "http://www.nlm.nih.gov/research/umls/rxnorm");
  const rapidjson::Document absent = map(held_order());
  const auto& extension = absent["medicationCodeableConcept"]["extension"][0];
  EXPECT_EQ(str(extension["url"]), "http://hl7.org/fhir/StructureDefinition/data-absent-reason");
  EXPECT_EQ(str(extension["valueCode"]), "unknown");
}

TEST(OutboundMedicationRequestStatus, IdIsStableAndValid) {
  model::OrderStatusUpdate update = held_order();
  update.placer.value = "ORD 77^EPIC";
  const FhirResource a = map_medication_request_status(update);
  update.state = OrderState::kCompleted;
  const FhirResource b = map_medication_request_status(update);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.id.substr(0, 12), "ORD-77-EPIC-");
}

TEST(OutboundMedicationRequestStatus, MissingPlacerOrPatientThrows) {
  model::OrderStatusUpdate update = held_order();
  update.placer = {};
  EXPECT_THROW(map_medication_request_status(update), OutboundFhirError);
  update = held_order();
  update.patient_id = {};
  EXPECT_THROW(map_medication_request_status(update), OutboundFhirError);
}

}  // namespace
}  // namespace titrate::outbound::fhir
