#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/inbound/fhir/map_fhir.h"
#include "tests/unit/mappers/inbound/fhir/fhir_test_support.h"

namespace titrate::inbound::fhir {
namespace {

using model::MappingIssue;
using model::OrderAction;
using model::OrderStatus;

void replace(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

const std::string kRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
const std::string kSnomed = "http://snomed.info/sct";
const std::string kV2Route = "http://terminology.hl7.org/CodeSystem/v2-0162";

TEST(FhirMapMedicationRequest, KetamineForDepressionEveryField) {
  const model::MappedMessage m = map_fixture("medicationrequest_depression.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_EQ(m.orders.size(), 1u);

  model::InfusionOrder expected;
  expected.action = OrderAction::kNew;
  expected.status = OrderStatus::kActive;
  expected.placer = {"https://fhir.northwind.example/orders", "ORD-20261121-0042", "PLAC", ""};
  expected.filler = {"https://pharmacy.northwind.example/orders", "RX-88213", "FILL", ""};
  expected.patient_id = {"urn:titrate:fhir-reference", "Patient/pt-1001", "", ""};
  expected.medication = {{{kRxNorm, "6130", "ketamine"}}, "Ketamine IV infusion"};
  expected.dose = model::Quantity{{5, 1}, "mg/kg"};
  expected.timing.count = 6;
  expected.timing.frequency = 2;
  expected.timing.period = model::Quantity{{1, 0}, "wk"};
  expected.timing.duration = model::Quantity{{40, 0}, "min"};
  expected.timing.start.value = "2026-11-23";
  expected.timing.end.value = "2026-12-18";
  expected.route = {{{kSnomed, "47625008", "Intravenous route"}}, ""};
  expected.ordering_provider = {{"http://hl7.org/fhir/sid/us-npi", "1999999984", "", ""},
                                {"Okafor", {"Lena"}, "Dr.", "", "official"}};
  expected.indications = {{{{"http://hl7.org/fhir/sid/icd-10-cm", "F33.2",
                             "Major depressive disorder, recurrent severe without psychotic "
                             "features"}},
                           ""}};
  expected.authored.value = "2026-11-21T08:30:00-05:00";
  expected.instructions = "0.5 mg/kg IV over 40 minutes, twice weekly, 6 infusions";
  EXPECT_EQ(m.orders[0], expected);
  EXPECT_FALSE(m.patient.has_value());  // a bare reference says nothing more about the patient
  EXPECT_EQ(m.unmapped, std::vector<std::string>{});
}

TEST(FhirMapMedicationRequest, WeightBasedRateQuantity) {
  const model::MappedMessage m = map_fixture("medicationrequest_crps_mg_kg_h.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_EQ(m.orders.size(), 1u);
  const model::InfusionOrder& o = m.orders[0];
  EXPECT_EQ(o.dose_rate, (model::Quantity{{35, 2}, "mg/kg/h"}));
  EXPECT_FALSE(o.infusion_rate.has_value());
  EXPECT_FALSE(o.dose.has_value());
  EXPECT_EQ(o.timing.count, 10);
  EXPECT_EQ(o.timing.duration, (model::Quantity{{4, 0}, "h"}));
  EXPECT_EQ(o.timing.period, (model::Quantity{{1, 0}, "d"}));
  EXPECT_EQ(o.authored.value, "2026-11-20");  // a date stays a date
}

TEST(FhirMapMedicationRequest, MassRateWithLocalCodesThroughTheProfile) {
  profile::MappingProfile p;
  p.medication_codes.push_back(
      {"urn:oid:1.2.840.114350.1.13.99", "KET500", {kRxNorm, "6130", "ketamine"}});
  p.route_codes.push_back({kV2Route, "IV", {kSnomed, "47625008", "Intravenous route"}});
  const model::MappedMessage m = map_fixture("medicationrequest_22_mg_h.json", p);
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_EQ(m.orders.size(), 1u);
  const model::InfusionOrder& o = m.orders[0];
  EXPECT_EQ(o.dose_rate, (model::Quantity{{22, 0}, "mg/h"}));  // "MG/HR" as sent
  EXPECT_EQ(o.medication.codings,
            (std::vector<model::Coding>{
                {kRxNorm, "6130", "ketamine"},
                {"urn:oid:1.2.840.114350.1.13.99", "KET500", "KETAMINE 500 MG/500 ML IV"}}));
  EXPECT_EQ(o.route.codings, (std::vector<model::Coding>{{kSnomed, "47625008", "Intravenous route"},
                                                         {kV2Route, "IV", ""}}));
  EXPECT_EQ(o.timing.duration, (model::Quantity{{96, 0}, "h"}));
}

TEST(FhirMapMedicationRequest, VolumeRateAndContainedMedicationConcentration) {
  const model::MappedMessage m = map_fixture("medicationrequest_ml_h_contained.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_EQ(m.orders.size(), 1u);
  const model::InfusionOrder& o = m.orders[0];
  EXPECT_EQ(o.infusion_rate, (model::Quantity{{22, 0}, "mL/h"}));
  EXPECT_FALSE(o.dose_rate.has_value());
  EXPECT_EQ(o.concentration, (model::Ratio{{{500, 0}, "mg"}, {{500, 0}, "mL"}}));
  EXPECT_EQ(o.medication,
            (model::CodeableConcept{{{kRxNorm, "6130", "ketamine"}},
                                    "Ketamine 500 mg in 500 mL sodium chloride 0.9%"}));
  EXPECT_EQ(o.action, OrderAction::kHold);
  EXPECT_EQ(o.status, OrderStatus::kOnHold);
}

TEST(FhirMapMedicationRequest, RateRatioPerSixtyMinutes) {
  const model::MappedMessage m = map_fixture("medicationrequest_rate_ratio.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_EQ(m.orders[0].dose_rate, (model::Quantity{{35, 2}, "mg/kg/h"}));
  EXPECT_EQ(m.orders[0].action, OrderAction::kDiscontinue);
  EXPECT_EQ(m.orders[0].status, OrderStatus::kStopped);
}

TEST(FhirMapMedicationRequest, RateRatioOverAnotherPeriodIsNotMapped) {
  std::string json = fixture("medicationrequest_rate_ratio.json");
  replace(json, R"("value": 60)", R"("value": 20)");
  const model::MappedMessage m = map_fhir(json, {});
  const std::string at = "MedicationRequest.dosageInstruction[0].doseAndRate[0].rateRatio";
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{{MappingIssue::Severity::kWarning, at, "not-supported",
                                        "a rate ratio is mapped only over a denominator of 1 h"}}));
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_FALSE(m.orders[0].dose_rate.has_value());
  EXPECT_EQ(m.unmapped, std::vector<std::string>{at});
}

TEST(FhirMapMedicationRequest, MassRateRatio) {
  std::string json = fixture("medicationrequest_rate_ratio.json");
  replace(json, R"("value": 0.35, "system": "http://unitsofmeasure.org", "code": "mg/kg")",
          R"("value": 22, "system": "http://unitsofmeasure.org", "code": "mg")");
  replace(json, R"("value": 60, "system": "http://unitsofmeasure.org", "code": "min")",
          R"("value": 1, "system": "http://unitsofmeasure.org", "code": "h")");
  const model::MappedMessage m = map_fhir(json, {});
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_EQ(m.orders[0].dose_rate, (model::Quantity{{22, 0}, "mg/h"}));
}

TEST(FhirMapMedicationRequest, StatusGivesStatusAndAction) {
  struct Case {
    std::string status;
    OrderStatus order_status;
    OrderAction action;
  };
  const Case cases[] = {
      {"active", OrderStatus::kActive, OrderAction::kNew},
      {"on-hold", OrderStatus::kOnHold, OrderAction::kHold},
      {"cancelled", OrderStatus::kCancelled, OrderAction::kCancel},
      {"stopped", OrderStatus::kStopped, OrderAction::kDiscontinue},
      {"completed", OrderStatus::kCompleted, OrderAction::kStatusUpdate},
      {"entered-in-error", OrderStatus::kEnteredInError, OrderAction::kCancel},
      {"unknown", OrderStatus::kUnknown, OrderAction::kStatusUpdate},
  };
  for (const Case& c : cases) {
    std::string json = fixture("medicationrequest_depression.json");
    replace(json, R"("status": "active")", R"("status": ")" + c.status + R"(")");
    const model::MappedMessage m = map_fhir(json, {});
    ASSERT_EQ(m.orders.size(), 1u) << c.status;
    EXPECT_EQ(m.orders[0].status, c.order_status) << c.status;
    EXPECT_EQ(m.orders[0].action, c.action) << c.status;
  }
}

TEST(FhirMapMedicationRequest, DraftsAndProposalsAreNotOrders) {
  std::string draft = fixture("medicationrequest_depression.json");
  replace(draft, R"("status": "active")", R"("status": "draft")");
  model::MappedMessage m = map_fhir(draft, {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{
                          {MappingIssue::Severity::kWarning, "MedicationRequest", "not-supported",
                           "a draft MedicationRequest is not an order yet"}}));
  EXPECT_TRUE(m.orders.empty());
  EXPECT_EQ(http_status_for(m), 200);

  std::string proposal = fixture("medicationrequest_depression.json");
  replace(proposal, R"("intent": "order")", R"("intent": "proposal")");
  m = map_fhir(proposal, {});
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{{MappingIssue::Severity::kWarning, "MedicationRequest",
                                        "not-supported", "intent proposal is not an order"}}));
  EXPECT_TRUE(m.orders.empty());
}

// A dose in a UCUM unit Titrate cannot use is named in a warning and left out of the order,
// so dosing refuses the order for want of a dose instead of guessing one.
TEST(FhirMapMedicationRequest, DoseInAnUnusableUcumUnitIsLeftOutWithAWarning) {
  std::string json = fixture("medicationrequest_depression.json");
  replace(json, R"("code": "mg/kg")", R"("code": "mg/kg{ideal}")");
  replace(json, R"("unit": "mg/kg")", R"("unit": "mg per kg ideal")");
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{
                          {MappingIssue::Severity::kWarning,
                           "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity",
                           "not-supported",
                           "a dose that is not a mass, a mass per kg or a volume is not mapped"}}));
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_FALSE(m.orders[0].dose.has_value());
}

TEST(FhirMapMedicationRequest, UnknownUnitThatIsNotDeclaredUcumIsAnError) {
  std::string json = fixture("medicationrequest_depression.json");
  replace(json,
          "\"unit\": \"mg/kg\",\n            \"system\": \"http://unitsofmeasure.org\",\n          "
          "  \"code\": \"mg/kg\"",
          "\"unit\": \"MGPERKG\",\n            \"system\": \"urn:local-units\",\n            "
          "\"code\": \"MGPERKG\"");
  const model::MappedMessage m = map_fhir(json, {});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.issues.front().location,
            "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.code");
  EXPECT_EQ(http_status_for(m), 422);
}

TEST(FhirMapMedicationRequest, TheProfilesRequiredModelFieldsApply) {
  profile::MappingProfile p;
  p.required = {"PV1-19", "order.dose"};  // an HL7v2 location does not apply to FHIR
  EXPECT_TRUE(map_fhir(fixture("medicationrequest_depression.json"), p).ok());
  p.required = {"order.dose_rate"};
  const model::MappedMessage m = map_fhir(fixture("medicationrequest_depression.json"), p);
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{
                {MappingIssue::Severity::kError, "MedicationRequest", "required",
                 "the profile requires order.dose_rate, which the order does not have"}}));
  EXPECT_EQ(http_status_for(m), 422);
}

TEST(FhirMapMedicationRequest, DurationWithoutUnitIsAnError) {
  std::string json = fixture("medicationrequest_depression.json");
  replace(json, R"("durationUnit": "min",)", "");
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{
                          {MappingIssue::Severity::kError,
                           "MedicationRequest.dosageInstruction[0].timing.repeat.durationUnit",
                           "required", "a duration needs its unit"}}));
  EXPECT_TRUE(m.orders.empty());
}

TEST(FhirMapMedicationRequest, ModifierExtensionsAreRefused) {
  std::string json = fixture("medicationrequest_depression.json");
  replace(json, R"("status": "active",)",
          R"("status": "active", "modifierExtension": [{"url": "https://ehr.example/not-really",
          "valueBoolean": true}],)");
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{
                          {MappingIssue::Severity::kError, "MedicationRequest.modifierExtension",
                           "not-supported",
                           "modifier extensions change the meaning of their element and are not "
                           "understood"}}));
  EXPECT_TRUE(m.orders.empty());
}

TEST(FhirMapMedicationRequest, UnresolvedContainedReferenceIsAnError) {
  std::string json = fixture("medicationrequest_depression.json");
  replace(json, R"("reference": "#dr1")", R"("reference": "#dr2")");
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{
                {MappingIssue::Severity::kError, "MedicationRequest.requester.reference", "invalid",
                 "the reference does not resolve to a resource in the message"}}));
  EXPECT_TRUE(m.orders.empty());
}

TEST(FhirMapMedicationRequest, MedicationReferenceOutsideTheMessage) {
  const std::string json = R"({"resourceType": "MedicationRequest", "status": "active",
    "intent": "order", "subject": {"reference": "Patient/pt-1001"},
    "medicationReference": {"reference": "Medication/ket-premix"}})";
  model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{
                {MappingIssue::Severity::kError, "MedicationRequest.medicationReference",
                 "required", "the order names no medication code or text Titrate can use"}}));
  EXPECT_TRUE(m.orders.empty());

  std::string with_display = json;
  replace(with_display, R"("Medication/ket-premix")",
          R"("Medication/ket-premix", "display": "Ketamine 1 mg/mL")");
  m = map_fhir(with_display, {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{
                          {MappingIssue::Severity::kWarning,
                           "MedicationRequest.medicationReference", "not-supported",
                           "the Medication is not in the message: only the reference's display is "
                           "used"}}));
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_EQ(m.orders[0].medication, (model::CodeableConcept{{}, "Ketamine 1 mg/mL"}));
}

TEST(FhirMapServiceRequest, ReferralNamingKetamineBecomesANewOrder) {
  const model::MappedMessage m = map_fixture("servicerequest_ketamine_referral.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_EQ(m.orders.size(), 1u);
  model::InfusionOrder expected;
  expected.action = OrderAction::kNew;
  expected.status = OrderStatus::kActive;
  expected.placer = {"https://fhir.northwind.example/referrals", "REF-7781", "PLAC", ""};
  expected.patient_id = {"urn:titrate:fhir-reference", "Patient/pt-1001", "", ""};
  expected.medication = {{{kRxNorm, "6130", "ketamine"}}, ""};
  expected.timing.start.value = "2026-11-23";
  expected.timing.end.value = "2026-12-18";
  expected.ordering_provider.identifier = {"urn:titrate:fhir-reference", "Practitioner/dr-okafor",
                                           "", ""};
  expected.indications = {{{{"http://hl7.org/fhir/sid/icd-10-cm", "F33.2", ""}}, ""}};
  expected.authored.value = "2026-11-19T15:12:00+00:00";
  expected.instructions = "Arrange a driver for after each session.";
  expected.origin = model::kServiceRequestOrigin;
  EXPECT_EQ(m.orders[0], expected);
  EXPECT_EQ(http_status_for(m), 201);
}

TEST(FhirMapServiceRequest, ReferralWithoutAMedicationKeepsOnlyThePatient) {
  const model::MappedMessage m = map_fixture("servicerequest_consult.json");
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{
                          {MappingIssue::Severity::kWarning, "ServiceRequest", "not-supported",
                           "the ServiceRequest names no medication: only its patient is kept"}}));
  EXPECT_TRUE(m.orders.empty());
  ASSERT_TRUE(m.patient.has_value());
  EXPECT_EQ(m.patient->patient_id,
            (model::Identifier{"urn:titrate:fhir-reference", "Patient/pt-1001", "", ""}));
  EXPECT_EQ(m.unmapped, std::vector<std::string>{"ServiceRequest"});
}

}  // namespace
}  // namespace titrate::inbound::fhir
