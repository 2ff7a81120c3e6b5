#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/inbound/fhir/map_fhir.h"
#include "tests/unit/mappers/inbound/fhir/fhir_test_support.h"

namespace titrate::inbound::fhir {
namespace {

using model::MappingIssue;

const model::Identifier kMrn0042117{"https://fhir.northwind.example/mrn", "MRN-0042117", "MR", ""};

TEST(FhirMapBundle, TransactionResolvesUrnUuidReferences) {
  const model::MappedMessage m = map_fixture("bundle_transaction.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  EXPECT_EQ(m.source.control_id, "txn-1001");
  ASSERT_EQ(m.orders.size(), 1u);
  const model::InfusionOrder& o = m.orders[0];
  EXPECT_EQ(o.patient_id, kMrn0042117);  // the bundled Patient's MR identifier
  EXPECT_EQ(o.medication.codings,
            (std::vector<model::Coding>{
                {"http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine"}}));
  EXPECT_EQ(o.concentration, (model::Ratio{{{500, 0}, "mg"}, {{500, 0}, "mL"}}));
  EXPECT_EQ(o.visit_number, (model::Identifier{"https://fhir.northwind.example/visits",
                                               "V-20261121-118", "VN", ""}));
  EXPECT_EQ(o.ordering_provider,
            (model::Practitioner{{"http://hl7.org/fhir/sid/us-npi", "1999999984", "", ""},
                                 {"Okafor", {"Lena"}, "", "", ""}}));
  EXPECT_EQ(o.indications, (std::vector<model::CodeableConcept>{
                               {{{"http://hl7.org/fhir/sid/icd-10-cm", "F33.2", ""}}, ""}}));
  EXPECT_EQ(o.dose, (model::Quantity{{5, 1}, "mg/kg"}));
  EXPECT_EQ(o.timing.count, 6);
  EXPECT_EQ(o.timing.duration, (model::Quantity{{40, 0}, "min"}));

  ASSERT_TRUE(m.patient.has_value());
  const model::PatientContext& p = *m.patient;
  EXPECT_EQ(p.event, model::PatientContext::Event::kOrderContext);
  EXPECT_EQ(p.patient_id, kMrn0042117);
  EXPECT_EQ(p.name.family, "Quill");
  EXPECT_EQ(p.birth_date.value, "1986-04-17");
  ASSERT_EQ(p.measurements.size(), 1u);
  EXPECT_EQ(p.measurements[0].value, (model::Quantity{{682, 1}, "kg"}));
  ASSERT_EQ(p.conditions.size(), 1u);
  EXPECT_EQ(p.conditions[0].clinical_status, "active");
  EXPECT_EQ(m.unmapped, std::vector<std::string>{});
  EXPECT_EQ(http_status_for(m), 201);
}

TEST(FhirMapBundle, BatchResolvesUrnUuidReferencesAndSkipsReads) {
  const model::MappedMessage m = map_fixture("bundle_batch.json");
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{
                {MappingIssue::Severity::kWarning, "Bundle.entry[3]", "not-supported",
                 "only entries that create or update a resource (POST, PUT) are mapped"}}));
  EXPECT_EQ(m.unmapped, std::vector<std::string>{"Bundle.entry[3]"});
  const model::Identifier mrn{"https://fhir.northwind.example/mrn", "MRN-0077310", "MR", ""};
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_EQ(m.orders[0].patient_id, mrn);
  EXPECT_EQ(m.orders[0].dose_rate, (model::Quantity{{22, 0}, "mg/h"}));
  ASSERT_TRUE(m.patient.has_value());
  EXPECT_EQ(m.patient->patient_id, mrn);
  EXPECT_EQ(m.patient->name, (model::HumanName{"Marlowe", {"Ada"}, "", "", "official"}));
  EXPECT_EQ(m.patient->birth_date.value, "1971-09");
  ASSERT_EQ(m.patient->allergies.size(), 1u);
  EXPECT_EQ(m.patient->allergies[0].substance.text, "Propofol");
}

TEST(FhirMapBundle, UnresolvedUrnUuidInATransactionIsAnError) {
  const model::MappedMessage m = map_fixture("bundle_transaction_unresolved.json");
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{
                {MappingIssue::Severity::kError, "Bundle.entry[0].resource.subject.reference",
                 "invalid", "the reference does not resolve to a resource in the message"}}));
  EXPECT_TRUE(m.orders.empty());
  EXPECT_EQ(http_status_for(m), 422);
}

TEST(FhirMapBundle, OnlyTransactionAndBatch) {
  const model::MappedMessage m =
      map_fhir(R"({"resourceType": "Bundle", "type": "collection"})", {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{
                          {MappingIssue::Severity::kError, "Bundle.type", "not-supported",
                           "only transaction and batch Bundles are accepted, not collection"}}));
}

TEST(FhirMapBundle, OneMessageOnePatient) {
  const std::string json = R"({"resourceType": "Bundle", "type": "transaction", "entry": [
    {"fullUrl": "urn:uuid:a1", "resource": {"resourceType": "Condition",
      "code": {"text": "CRPS"}, "subject": {"reference": "Patient/pt-1001"}}},
    {"fullUrl": "urn:uuid:a2", "resource": {"resourceType": "Condition",
      "code": {"text": "migraine"}, "subject": {"reference": "Patient/pt-2002"}}}]})";
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{
                {MappingIssue::Severity::kError, "Bundle.entry[1].resource.subject", "invalid",
                 "the message concerns more than one patient; Titrate maps one patient "
                 "per message"}}));
  ASSERT_TRUE(m.patient.has_value());
  ASSERT_EQ(m.patient->conditions.size(), 1u);
  EXPECT_EQ(m.patient->conditions[0].code.text, "CRPS");
}

TEST(FhirMapBundle, ReferencedOnlyResourcesLeftOverAreReported) {
  const std::string json = R"({"resourceType": "Bundle", "type": "batch", "entry": [
    {"fullUrl": "urn:uuid:b1", "resource": {"resourceType": "Medication",
      "code": {"text": "ketamine"}}, "request": {"method": "POST", "url": "Medication"}}]})";
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues,
            (std::vector<MappingIssue>{{MappingIssue::Severity::kWarning,
                                        "Bundle.entry[0].resource", "not-supported",
                                        "Medication is read only when an order references it"}}));
  EXPECT_EQ(m.unmapped, std::vector<std::string>{"Bundle.entry[0].resource"});
  EXPECT_EQ(http_status_for(m), 200);
}

TEST(FhirMapBundle, NestedBundlesAreNotMapped) {
  const std::string json = R"({"resourceType": "Bundle", "type": "batch", "entry": [
    {"resource": {"resourceType": "Bundle", "type": "collection"},
     "request": {"method": "POST", "url": "Bundle"}}]})";
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{{MappingIssue::Severity::kWarning,
                                                  "Bundle.entry[0].resource", "not-supported",
                                                  "a Bundle inside a Bundle is not mapped"}}));
  EXPECT_EQ(m.unmapped, std::vector<std::string>{"Bundle.entry[0].resource"});
}

}  // namespace
}  // namespace titrate::inbound::fhir
