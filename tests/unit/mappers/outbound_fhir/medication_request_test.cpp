#include "mappers/outbound/fhir/medication_request.h"

#include <gtest/gtest.h>

#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/medication_request_status.h"
#include "mappers/outbound/fhir/profiles.h"
#include "tests/unit/gateway/outbound/order_samples.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

const rapidjson::Value* extension(const rapidjson::Value& element, std::string_view url) {
  if (!element.HasMember("extension")) return nullptr;
  for (const auto& e : element["extension"].GetArray()) {
    if (str(e["url"]) == url) return &e;
  }
  return nullptr;
}

TEST(OutboundMedicationRequest, MapsTheWholeOrder) {
  const FhirResource resource = map_medication_request(depression_order());
  EXPECT_EQ(resource.type, "MedicationRequest");
  EXPECT_EQ(resource.id, "ORD-77");
  const rapidjson::Document doc = parse(resource.json);
  EXPECT_EQ(empty_values(doc), "");
  EXPECT_EQ(str(doc["meta"]["profile"][0]), profiles::kInfusionOrder);
  ASSERT_EQ(doc["identifier"].Size(), 2u);
  EXPECT_EQ(str(doc["identifier"][0]["type"]["coding"][0]["code"]), "PLAC");
  EXPECT_EQ(str(doc["identifier"][1]["type"]["coding"][0]["code"]), "FILL");
  EXPECT_EQ(str(doc["groupIdentifier"]["value"]), "GRP-7");
  EXPECT_EQ(str(doc["status"]), "active");
  EXPECT_EQ(str(doc["intent"]), "order");
  EXPECT_EQ(str(doc["medicationCodeableConcept"]["coding"][0]["code"]), "6130");
  EXPECT_EQ(str(doc["subject"]["type"]), "Patient");
  EXPECT_EQ(str(doc["encounter"]["identifier"]["value"]), "V-9");
  EXPECT_EQ(str(doc["authoredOn"]), "2026-11-21T07:55:00-05:00");
  EXPECT_EQ(str(doc["requester"]["identifier"]["value"]), "4401");
  EXPECT_EQ(str(doc["reasonCode"][0]["coding"][0]["code"]), "F33.2");
  EXPECT_FALSE(doc.HasMember("basedOn"));

  const rapidjson::Value& dosage = doc["dosageInstruction"][0];
  EXPECT_EQ(str(dosage["text"]), "Monitor vitals every 15 minutes");
  EXPECT_EQ(str(dosage["route"]["coding"][0]["code"]), "47625008");
  const rapidjson::Value& repeat = dosage["timing"]["repeat"];
  EXPECT_EQ(repeat["count"].GetInt(), 6);
  EXPECT_EQ(repeat["frequency"].GetInt(), 1);
  EXPECT_EQ(repeat["period"].GetInt(), 1);
  EXPECT_EQ(str(repeat["periodUnit"]), "wk");
  EXPECT_EQ(repeat["duration"].GetInt(), 40);
  EXPECT_EQ(str(repeat["durationUnit"]), "min");
  EXPECT_EQ(str(repeat["boundsPeriod"]["start"]), "2026-11-23T09:00:00-05:00");
  EXPECT_EQ(str(dosage["timing"]["code"]["text"]), "Q1W");
  ASSERT_EQ(dosage["doseAndRate"].Size(), 2u);
  EXPECT_EQ(str(dosage["doseAndRate"][0]["doseQuantity"]["code"]), "mg/kg");
  EXPECT_EQ(str(dosage["doseAndRate"][0]["rateQuantity"]["code"]), "mg/kg/h");
  EXPECT_EQ(str(dosage["doseAndRate"][1]["rateQuantity"]["code"]), "mL/h");
  EXPECT_DOUBLE_EQ(dosage["doseAndRate"][1]["rateQuantity"]["value"].GetDouble(), 26.3);
  EXPECT_EQ(str(doc["dispenseRequest"]["quantity"]["code"]), "mL");

  const rapidjson::Value* care_area = extension(doc, extensions::kCareArea);
  ASSERT_NE(care_area, nullptr);
  EXPECT_EQ(str((*care_area)["valueCode"]), "mental-health");
  EXPECT_EQ(extension(doc, extensions::kDosingLimitOverride), nullptr);
}

TEST(OutboundMedicationRequest, OverrideIsTheExtensionTheInboundMapperReads) {
  model::InfusionOrder order = depression_order();
  model::LimitOverride o;
  o.reason = "Tolerated 0.75 mg/kg/h in the previous series";
  o.by.identifier = identifier("http://hospital.example/npi", "4401");
  o.by.name.family = "Welby";
  o.time = {"2026-11-21T08:10:00-05:00"};
  order.limit_override = o;
  const rapidjson::Document doc = parse(map_medication_request(order).json);
  const rapidjson::Value* override_extension = extension(doc, extensions::kDosingLimitOverride);
  ASSERT_NE(override_extension, nullptr);
  EXPECT_EQ(str((*extension(*override_extension, "reason"))["valueString"]), o.reason);
  EXPECT_EQ(str((*extension(*override_extension, "author"))["valueReference"]["display"]), "Welby");
  EXPECT_EQ(str((*extension(*override_extension, "time"))["valueDateTime"]),
            "2026-11-21T08:10:00-05:00");
}

TEST(OutboundMedicationRequest, AReferralIsBasedOnItsServiceRequestAndAVolumeRateStandsAlone) {
  model::InfusionOrder order = referral_order();
  order.dose.reset();
  order.infusion_rate = qty("20", "mL/h");
  const rapidjson::Document doc = parse(map_medication_request(order).json);
  EXPECT_EQ(str(doc["basedOn"][0]["reference"]), "ServiceRequest/PLC7002");
  const rapidjson::Value& rates = doc["dosageInstruction"][0]["doseAndRate"];
  ASSERT_EQ(rates.Size(), 1u);
  EXPECT_FALSE(rates[0].HasMember("doseQuantity"));
  EXPECT_EQ(str(rates[0]["rateQuantity"]["code"]), "mL/h");
}

TEST(OutboundMedicationRequest, AMinimalOrderLeavesOutWhatItLacks) {
  model::InfusionOrder order;
  order.placer = identifier("", "P 1/2");
  order.patient_id = identifier("http://hospital.example/mrn", "MRN-1");
  order.medication.text = "ketamine";
  const FhirResource resource = map_medication_request(order);
  EXPECT_TRUE(is_valid_fhir_id(resource.id));
  const rapidjson::Document doc = parse(resource.json);
  EXPECT_EQ(empty_values(doc), "");
  EXPECT_FALSE(doc.HasMember("dosageInstruction"));
  EXPECT_FALSE(doc.HasMember("extension"));
  EXPECT_FALSE(doc.HasMember("requester"));
}

TEST(OutboundMedicationRequest, StatusOfEveryOrderStatusAndWhatIsRequired) {
  using S = model::OrderStatus;
  const std::pair<S, const char*> cases[] = {
      {S::kActive, "active"},       {S::kOnHold, "on-hold"},
      {S::kCancelled, "cancelled"}, {S::kStopped, "stopped"},
      {S::kCompleted, "completed"}, {S::kEnteredInError, "entered-in-error"},
      {S::kUnknown, "unknown"},
  };
  for (const auto& [status, expected] : cases) {
    model::InfusionOrder order = depression_order();
    order.status = status;
    EXPECT_EQ(str(parse(map_medication_request(order).json)["status"]), expected);
    EXPECT_EQ(medication_request_status(status), expected);
  }
  for (auto clear : {+[](model::InfusionOrder& o) { o.placer = {}; },
                     +[](model::InfusionOrder& o) { o.patient_id = {}; },
                     +[](model::InfusionOrder& o) { o.medication = {}; }}) {
    model::InfusionOrder order = depression_order();
    clear(order);
    EXPECT_THROW(map_medication_request(order), OutboundFhirError);
  }
}

TEST(OutboundMedicationRequest, AStatusUpdateReplacesStatusAndReasonOnly) {
  const std::string order = map_medication_request(depression_order()).json;
  const std::string status_only = map_medication_request_status(held_order()).json;
  const auto updated = with_status_of(order, status_only);
  ASSERT_TRUE(updated);
  const rapidjson::Document doc = parse(*updated);
  EXPECT_EQ(str(doc["status"]), "on-hold");
  EXPECT_EQ(str(doc["statusReason"]["coding"][0]["code"]), "weight-missing");
  EXPECT_EQ(str(doc["medicationCodeableConcept"]["coding"][0]["code"]), "6130");
  EXPECT_TRUE(doc.HasMember("dosageInstruction"));

  // Back to active: the reason goes, the rest stays.
  model::OrderStatusUpdate accepted = held_order();
  accepted.state = model::OrderState::kAccepted;
  accepted.reasons.clear();
  const auto again = with_status_of(*updated, map_medication_request_status(accepted).json);
  ASSERT_TRUE(again);
  const rapidjson::Document active = parse(*again);
  EXPECT_EQ(str(active["status"]), "active");
  EXPECT_FALSE(active.HasMember("statusReason"));
  EXPECT_EQ(parse(*again)["dosageInstruction"].Size(), 1u);
  EXPECT_FALSE(with_status_of("[", status_only));
}

}  // namespace
}  // namespace titrate::outbound::fhir
