#include "mappers/outbound/fhir/service_request.h"

#include <gtest/gtest.h>

#include "tests/unit/gateway/outbound/order_samples.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

TEST(OutboundServiceRequest, MapsTheReferralAsTheV2ToFhirIgMapsOrcObr) {
  const FhirResource resource = map_service_request(referral_order());
  EXPECT_EQ(resource.type, "ServiceRequest");
  EXPECT_EQ(resource.id, "PLC7002");
  const rapidjson::Document doc = parse(resource.json);
  EXPECT_EQ(empty_values(doc), "");
  ASSERT_EQ(doc["identifier"].Size(), 1u);
  EXPECT_EQ(str(doc["identifier"][0]["type"]["coding"][0]["code"]), "PLAC");
  EXPECT_EQ(str(doc["identifier"][0]["value"]), "PLC7002");
  EXPECT_EQ(str(doc["requisition"]["value"]), "GRP-7");
  EXPECT_EQ(str(doc["status"]), "active");
  EXPECT_EQ(str(doc["intent"]), "order");
  EXPECT_EQ(str(doc["code"]["coding"][0]["system"]), "http://www.nlm.nih.gov/research/umls/rxnorm");
  EXPECT_EQ(str(doc["subject"]["identifier"]["value"]), "MRN-1");
  EXPECT_EQ(str(doc["encounter"]["identifier"]["value"]), "V-9");
  EXPECT_EQ(doc["occurrenceTiming"]["repeat"]["count"].GetInt(), 6);
  EXPECT_EQ(str(doc["occurrenceTiming"]["code"]["text"]), "Q1W");
  EXPECT_EQ(str(doc["authoredOn"]), "2026-11-21T07:55:00-05:00");
  EXPECT_EQ(str(doc["requester"]["type"]), "Practitioner");
  EXPECT_EQ(str(doc["requester"]["display"]), "Marcus Welby");
  EXPECT_EQ(str(doc["reasonCode"][0]["coding"][0]["code"]), "F33.2");
  EXPECT_EQ(str(doc["patientInstruction"]), "Monitor vitals every 15 minutes");
}

TEST(OutboundServiceRequest, StatusOfEveryOrderStatus) {
  using S = model::OrderStatus;
  const std::pair<S, const char*> cases[] = {
      {S::kActive, "active"},       {S::kOnHold, "on-hold"},
      {S::kCancelled, "revoked"},   {S::kStopped, "revoked"},
      {S::kCompleted, "completed"}, {S::kEnteredInError, "entered-in-error"},
      {S::kUnknown, "unknown"},
  };
  for (const auto& [status, expected] : cases) {
    model::InfusionOrder order = referral_order();
    order.status = status;
    EXPECT_EQ(str(parse(map_service_request(order).json)["status"]), expected);
  }
}

TEST(OutboundServiceRequest, NeedsAPlacerAndAPatient) {
  model::InfusionOrder order = referral_order();
  order.placer = {};
  EXPECT_THROW(map_service_request(order), OutboundFhirError);
  order = referral_order();
  order.patient_id = {};
  EXPECT_THROW(map_service_request(order), OutboundFhirError);
}

}  // namespace
}  // namespace titrate::outbound::fhir
