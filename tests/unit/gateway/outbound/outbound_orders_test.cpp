#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gateway/model/model_json.h"
#include "gateway/outbound/fhir_index.h"
#include "gateway/outbound/outbound_module.h"
#include "mappers/outbound/fhir/patient.h"
#include "mappers/outbound/fhir/service_request.h"
#include "tests/unit/fake_handler_context.h"
#include "tests/unit/gateway/bus/bus_test_support.h"
#include "tests/unit/gateway/outbound/order_samples.h"

// The orders topic: patient contexts and infusion orders become Patient, MedicationRequest and
// ServiceRequest; order statuses update the stored order.
namespace titrate::outbound {
namespace {

using namespace fhir::test_support;
using store::IndexKind;
using store::SearchParam;
using store::SearchValue;

store::ResourceStoreOptions sqlite_store(const std::string& path) {
  store::ResourceStoreOptions options;
  options.path = path;
  return options;
}

bus::Event event(std::string_view type, std::string id, std::string body) {
  bus::Event e;
  e.type = std::string(type);
  e.event_id = std::move(id);
  e.key = "k";
  e.time = {"2026-11-21T13:00:00.000Z"};
  e.body = std::move(body);
  return e;
}

SearchParam param(std::string name, std::optional<std::string> system, IndexKind kind,
                  std::string value) {
  SearchValue v;
  v.system = std::move(system);
  v.value = std::move(value);
  return {std::move(name), kind, {v}};
}

class OutboundOrdersTest : public ::testing::Test {
 protected:
  void deliver(const bus::Event& e) { module_.subscription(topics_).handler(e, context_); }
  void deliver(const model::PatientContext& p, std::string id) {
    deliver(event(bus::event_type::kPatientContext, std::move(id), model::to_json(p)));
  }
  void deliver(const model::InfusionOrder& o, std::string id) {
    deliver(event(bus::event_type::kInfusionOrder, std::move(id), model::to_json(o)));
  }
  void deliver(const model::OrderStatusUpdate& u, std::string id) {
    deliver(event(bus::event_type::kOrderStatus, std::move(id), model::to_json(u)));
  }

  rapidjson::Document current(const std::string& type, const std::string& id) {
    const auto stored = store_.read(type, id);
    EXPECT_TRUE(stored) << type << "/" << id;
    return parse(stored ? stored->json : "{}");
  }
  int64_t version(const std::string& type, const std::string& id) {
    const auto stored = store_.read(type, id);
    return stored ? stored->version : 0;
  }
  size_t hits(const std::string& type, std::vector<SearchParam> params) {
    return store_.search(type, params).total;
  }

  test::TempDir dir_;
  store::ResourceStore store_{sqlite_store(dir_.file("journal.db"))};
  OutboundModule module_{store_};
  bus::Topics topics_;
  test::FakeHandlerContext context_;
};

TEST_F(OutboundOrdersTest, PatientContextBecomesASearchablePatient) {
  deliver(admitted_patient(), "j1/patient");
  const std::string id = fhir::patient_id(admitted_patient().patient_id);
  EXPECT_EQ(str(current("Patient", id)["birthDate"]), "1982-05-17");
  const auto T = IndexKind::kToken;
  EXPECT_EQ(hits("Patient", {param("identifier", "http://hospital.example/mrn", T, "MRN-1")}), 1u);
  EXPECT_EQ(hits("Patient", {param("identifier", std::nullopt, T, "999-00-1234")}), 1u);
  EXPECT_EQ(hits("Patient", {param("identifier", std::nullopt, T, "MRN-2")}), 0u);
  EXPECT_EQ(hits("Patient", {param("family", std::nullopt, IndexKind::kString, "fic")}), 1u);
  EXPECT_EQ(hits("Patient", {param("name", std::nullopt, IndexKind::kString, "ALE")}), 1u);
  EXPECT_EQ(hits("Patient", {param("name", std::nullopt, IndexKind::kString, "Bob")}), 0u);
  EXPECT_EQ(hits("Patient", {param("gender", std::nullopt, T, "female")}), 1u);

  // An order's thinner patient segment keeps what ADT sent; redelivery is no new version.
  model::PatientContext from_order;
  from_order.event = model::PatientContext::Event::kOrderContext;
  from_order.patient_id = admitted_patient().patient_id;
  from_order.gender = "female";
  deliver(from_order, "j2/patient");
  const int64_t v = version("Patient", id);
  EXPECT_EQ(str(current("Patient", id)["birthDate"]), "1982-05-17");
  deliver(from_order, "j2/patient");
  EXPECT_EQ(version("Patient", id), v);
}

TEST_F(OutboundOrdersTest, OrderBecomesTheFullMedicationRequestSearchableByItsParams) {
  deliver(depression_order(), "j1/order/0");
  const rapidjson::Document doc = current("MedicationRequest", "ORD-77");
  EXPECT_EQ(str(doc["status"]), "active");
  EXPECT_TRUE(doc.HasMember("dosageInstruction"));
  EXPECT_FALSE(store_.read("ServiceRequest", "ORD-77"));
  const auto T = IndexKind::kToken;
  EXPECT_EQ(hits("MedicationRequest", {param("identifier", std::nullopt, T, "ORD-77")}), 1u);
  EXPECT_EQ(hits("MedicationRequest", {param("identifier", std::nullopt, T, "F-1")}), 1u);
  EXPECT_EQ(hits("MedicationRequest", {param("patient", std::nullopt, T, "MRN-1")}), 1u);
  EXPECT_EQ(hits("MedicationRequest", {param("status", "", T, "active")}), 1u);
  EXPECT_EQ(hits("MedicationRequest", {param("status", "", T, "on-hold")}), 0u);
}

TEST_F(OutboundOrdersTest, StatusUpdatesTheStoredOrderInsteadOfReplacingIt) {
  deliver(depression_order(), "j1/order/0");
  deliver(held_order(), "j1/order/0/status");
  rapidjson::Document doc = current("MedicationRequest", "ORD-77");
  EXPECT_EQ(str(doc["status"]), "on-hold");
  EXPECT_EQ(str(doc["statusReason"]["coding"][0]["code"]), "weight-missing");
  EXPECT_EQ(str(doc["medicationCodeableConcept"]["coding"][0]["code"]), "6130");
  EXPECT_TRUE(doc.HasMember("dosageInstruction"));
  const auto T = IndexKind::kToken;
  EXPECT_EQ(hits("MedicationRequest", {param("status", "", T, "on-hold")}), 1u);
  EXPECT_EQ(hits("MedicationRequest", {param("status", "", T, "active")}), 0u);

  // The EHR re-sends the (active) order: what Titrate reported stays.
  deliver(depression_order(), "j2/order/0");
  EXPECT_EQ(str(current("MedicationRequest", "ORD-77")["status"]), "on-hold");

  // A cancel that names only the order updates the stored one's status.
  model::InfusionOrder cancel;
  cancel.action = model::OrderAction::kCancel;
  cancel.status = model::OrderStatus::kCancelled;
  cancel.placer = depression_order().placer;
  cancel.patient_id = depression_order().patient_id;
  deliver(cancel, "j3/order/0");
  doc = current("MedicationRequest", "ORD-77");
  EXPECT_EQ(str(doc["status"]), "cancelled");
  EXPECT_TRUE(doc.HasMember("dosageInstruction"));
}

TEST_F(OutboundOrdersTest, StatusOfAnOrderNeverSeenIsStatusOnlyUntilTheOrderArrives) {
  deliver(held_order(), "j1/order/0/status");
  rapidjson::Document doc = current("MedicationRequest", "ORD-77");
  EXPECT_EQ(str(doc["status"]), "on-hold");
  EXPECT_FALSE(doc.HasMember("dosageInstruction"));
  deliver(depression_order(), "j1/order/0");
  doc = current("MedicationRequest", "ORD-77");
  EXPECT_EQ(str(doc["status"]), "on-hold");
  EXPECT_TRUE(doc.HasMember("dosageInstruction"));
  EXPECT_EQ(str(doc["medicationCodeableConcept"]["coding"][0]["code"]), "6130");
}

TEST_F(OutboundOrdersTest, AReferralAlsoBecomesAServiceRequestThatFollowsTheOrderStatus) {
  deliver(referral_order(), "j1/order/0");
  EXPECT_EQ(str(current("ServiceRequest", "PLC7002")["status"]), "active");
  EXPECT_EQ(str(current("MedicationRequest", "PLC7002")["basedOn"][0]["reference"]),
            "ServiceRequest/PLC7002");
  const auto T = IndexKind::kToken;
  EXPECT_EQ(hits("ServiceRequest", {param("identifier", std::nullopt, T, "PLC7002")}), 1u);
  EXPECT_EQ(hits("ServiceRequest", {param("patient", std::nullopt, T, "MRN-1")}), 1u);
  EXPECT_EQ(hits("ServiceRequest", {param("status", "", T, "active")}), 1u);

  model::InfusionOrder cancel;
  cancel.status = model::OrderStatus::kCancelled;
  cancel.placer = referral_order().placer;
  cancel.patient_id = referral_order().patient_id;
  deliver(cancel, "j2/order/0");
  EXPECT_EQ(str(current("ServiceRequest", "PLC7002")["status"]), "revoked");
  EXPECT_EQ(str(current("MedicationRequest", "PLC7002")["status"]), "cancelled");
}

TEST_F(OutboundOrdersTest, AnOrderWithoutMedicationForNothingStoredIsSkipped) {
  model::InfusionOrder cancel;
  cancel.status = model::OrderStatus::kCancelled;
  cancel.placer = depression_order().placer;
  cancel.patient_id = depression_order().patient_id;
  deliver(cancel, "j1/order/0");
  EXPECT_FALSE(store_.read("MedicationRequest", "ORD-77"));
  EXPECT_EQ(module_.stats().skipped, 1u);
}

TEST_F(OutboundOrdersTest, IndexEntriesOfPatientAndServiceRequestAreTheContract) {
  constexpr int64_t kDay = 86'400'000'000;
  constexpr int64_t kMay17_1982 = 390'441'600'000'000;  // 1982-05-17T00:00:00Z
  std::vector<std::string> patient;
  for (const store::IndexEntry& e : index_entries(fhir::map_patient(admitted_patient()))) {
    patient.push_back(e.param + "|" + e.system + "|" + e.value +
                      (e.kind == IndexKind::kDate ? "|" + std::to_string(e.low_us) + "-" +
                                                        std::to_string(e.high_us - e.low_us)
                                                  : ""));
  }
  std::sort(patient.begin(), patient.end());
  EXPECT_EQ(patient, (std::vector<std::string>{
                         "birthdate|||" + std::to_string(kMay17_1982) + "-" + std::to_string(kDay),
                         "family||Fiction", "gender||female",
                         "identifier|http://hl7.org/fhir/sid/us-ssn|999-00-1234",
                         "identifier|http://hospital.example/mrn|MRN-1", "name||Alex",
                         "name||Fiction", "name||J"}));
  std::vector<std::string> referral;
  for (const store::IndexEntry& e : index_entries(fhir::map_service_request(referral_order()))) {
    referral.push_back(e.param + "|" + e.system + "|" + e.value);
  }
  std::sort(referral.begin(), referral.end());
  EXPECT_EQ(referral, (std::vector<std::string>{
                          "authored||", "identifier|http://hospital.example/orders|PLC7002",
                          "patient|http://hospital.example/mrn|MRN-1", "status||active"}));
}

}  // namespace
}  // namespace titrate::outbound
