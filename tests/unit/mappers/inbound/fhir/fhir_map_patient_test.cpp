#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/inbound/fhir/map_fhir.h"
#include "tests/unit/mappers/inbound/fhir/fhir_test_support.h"

namespace titrate::inbound::fhir {
namespace {

using model::MappingIssue;

const model::Identifier kReferencedPatient{"urn:titrate:fhir-reference", "Patient/pt-1001", "", ""};

TEST(FhirMapPatient, DemographicsAndTheMedicalRecordNumber) {
  const model::MappedMessage m = map_fixture("patient.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_TRUE(m.patient.has_value());
  const model::PatientContext& p = *m.patient;
  EXPECT_EQ(p.event, model::PatientContext::Event::kUpdate);
  EXPECT_EQ(p.patient_id, (model::Identifier{"https://fhir.northwind.example/mrn", "MRN-0042117",
                                             "MR", "Northwind General"}));
  EXPECT_EQ(p.identifiers,
            (std::vector<model::Identifier>{
                {"https://fhir.northwind.example/patient-internal", "INT-55120", "PI", ""},
                {"https://fhir.northwind.example/mrn", "MRN-0042117", "MR", "Northwind General"}}));
  EXPECT_EQ(p.name, (model::HumanName{"Quill", {"Rowan", "Avery"}, "Ms.", "", "official"}));
  EXPECT_EQ(p.gender, "female");
  EXPECT_EQ(p.birth_date.value, "1986-04-17");
  EXPECT_EQ(m.unmapped, (std::vector<std::string>{"Patient.active", "Patient.telecom"}));
  EXPECT_EQ(m.source.format, "fhir");
  EXPECT_EQ(m.source.control_id, "pt-1001");
  EXPECT_TRUE(m.orders.empty());
}

TEST(FhirMapPatient, ProfileChoosesTheIdentifierType) {
  profile::MappingProfile p;
  p.patient_identifier_type = "PI";
  const model::MappedMessage m = map_fixture("patient.json", p);
  ASSERT_TRUE(m.patient.has_value());
  EXPECT_EQ(m.patient->patient_id.value, "INT-55120");
}

TEST(FhirMapPatient, AssignerNamesTheSystemThroughTheProfile) {
  profile::MappingProfile p;
  p.identifier_systems["NWG"] = "urn:oid:2.16.840.1.113883.3.9999.1";
  const model::MappedMessage m = map_fhir(R"({"resourceType": "Patient", "identifier": [
      {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                            "code": "MR"}]},
       "value": "0042117", "assigner": {"display": "NWG"}}]})",
                                          p);
  ASSERT_TRUE(m.patient.has_value());
  EXPECT_EQ(m.patient->patient_id,
            (model::Identifier{"urn:oid:2.16.840.1.113883.3.9999.1", "0042117", "MR", "NWG"}));
}

TEST(FhirMapPatient, WithoutAnyIdentifierOrIdItCannotBeKeyed) {
  const model::MappedMessage m = map_fhir(R"({"resourceType": "Patient", "gender": "male"})", {});
  EXPECT_EQ(
      m.issues,
      (std::vector<MappingIssue>{{MappingIssue::Severity::kError, "Patient.identifier", "required",
                                  "the Patient has no identifier and no id: it cannot be keyed"}}));
  EXPECT_FALSE(m.patient.has_value());
}

TEST(FhirMapObservation, BodyWeightInKilograms) {
  const model::MappedMessage m = map_fixture("observation_weight_kg.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_TRUE(m.patient.has_value());
  EXPECT_EQ(m.patient->patient_id, kReferencedPatient);
  ASSERT_EQ(m.patient->measurements.size(), 1u);
  const model::BodyMeasurement& w = m.patient->measurements[0];
  EXPECT_EQ(w.kind, model::BodyMeasurement::Kind::kWeight);
  EXPECT_EQ(w.value, (model::Quantity{{7250, 2}, "kg"}));
  EXPECT_EQ(w.reported, (model::Quantity{{7250, 2}, "kg"}));
  EXPECT_EQ(w.code.codings,
            (std::vector<model::Coding>{{"http://loinc.org", "29463-7", "Body weight"}}));
  EXPECT_EQ(w.effective.value, "2026-11-21T08:05:00-05:00");
  EXPECT_EQ(w.status, "final");
  EXPECT_EQ(m.unmapped, std::vector<std::string>{"Observation.category"});
}

TEST(FhirMapObservation, BodyWeightInPoundsBecomesKilograms) {
  const model::MappedMessage m = map_fixture("observation_weight_lb.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_TRUE(m.patient.has_value());
  ASSERT_EQ(m.patient->measurements.size(), 1u);
  const model::BodyMeasurement& w = m.patient->measurements[0];
  EXPECT_EQ(w.value, (model::Quantity{{74843, 3}, "kg"}));  // 165 x 0.45359237 = 74.8427...
  EXPECT_EQ(w.reported, (model::Quantity{{165, 0}, "[lb_av]"}));
}

TEST(FhirMapObservation, BodyHeightInInchesBecomesCentimetres) {
  const model::MappedMessage m = map_fixture("observation_height.json");
  ASSERT_TRUE(m.patient.has_value());
  ASSERT_EQ(m.patient->measurements.size(), 1u);
  const model::BodyMeasurement& h = m.patient->measurements[0];
  EXPECT_EQ(h.kind, model::BodyMeasurement::Kind::kHeight);
  EXPECT_EQ(h.value, (model::Quantity{{1778, 1}, "cm"}));
  EXPECT_EQ(h.reported, (model::Quantity{{70, 0}, "[in_i]"}));
  EXPECT_EQ(h.effective.value, "2026-11-21");  // a date stays a date
}

TEST(FhirMapObservation, ExponentNumbersAreExactDecimals) {
  std::string json = test::read_fixture("mapping/fhir/observation_weight_kg.json");
  json.replace(json.find("72.50"), 5, "7.250e1");
  const model::MappedMessage m = map_fhir(json, {});
  ASSERT_TRUE(m.patient.has_value());
  ASSERT_EQ(m.patient->measurements.size(), 1u);
  EXPECT_EQ(m.patient->measurements[0].value, (model::Quantity{{7250, 2}, "kg"}));
}

TEST(FhirMapObservation, OtherObservationsAreNotSupported) {
  const model::MappedMessage m = map_fixture("observation_heart_rate.json");
  EXPECT_EQ(
      m.issues,
      (std::vector<MappingIssue>{{MappingIssue::Severity::kWarning, "Observation", "not-supported",
                                  "only body weight and height Observations are mapped"}}));
  EXPECT_EQ(m.unmapped, std::vector<std::string>{"Observation"});
  EXPECT_FALSE(m.patient.has_value());
}

TEST(FhirMapObservation, WeightInAUnitThatIsNotAMassIsAnError) {
  std::string json = test::read_fixture("mapping/fhir/observation_weight_kg.json");
  json.replace(json.find(R"("code": "kg")"), 12, R"("code": "cm")");
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{{MappingIssue::Severity::kError,
                                                  "Observation.valueQuantity.code", "value",
                                                  "the unit cannot be converted to kg"}}));
  EXPECT_FALSE(m.patient.has_value());
}

TEST(FhirMapObservation, SubjectIsNeededToKnowWhoseWeightItIs) {
  std::string json = test::read_fixture("mapping/fhir/observation_weight_kg.json");
  json.replace(json.find(R"("subject")"), 9, R"("focus")");
  json.replace(json.find(R"({"reference": "Patient/pt-1001"})"), 32,
               R"([{"reference": "Patient/pt-1001"}])");
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(
      m.issues,
      (std::vector<MappingIssue>{{MappingIssue::Severity::kError, "Observation.subject", "required",
                                  "no subject: the patient cannot be identified"}}));
}

TEST(FhirMapCondition, Icd10Diagnosis) {
  const model::MappedMessage m = map_fixture("condition_icd10.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_TRUE(m.patient.has_value());
  EXPECT_EQ(m.patient->patient_id, kReferencedPatient);
  ASSERT_EQ(m.patient->conditions.size(), 1u);
  const model::Condition& c = m.patient->conditions[0];
  EXPECT_EQ(c.code, (model::CodeableConcept{{{"http://hl7.org/fhir/sid/icd-10-cm", "F33.2",
                                              "Major depressive disorder, recurrent severe "
                                              "without psychotic features"}},
                                            "Treatment-resistant depression"}));
  EXPECT_EQ(c.category, "encounter-diagnosis");
  EXPECT_EQ(c.clinical_status, "active");
  EXPECT_EQ(c.onset.value, "2019-03");
}

TEST(FhirMapCondition, SnomedProblemWithALogicalSubject) {
  const model::MappedMessage m = map_fixture("condition_snomed.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_TRUE(m.patient.has_value());
  EXPECT_EQ(m.patient->patient_id,
            (model::Identifier{"https://fhir.northwind.example/mrn", "MRN-0077310", "", ""}));
  ASSERT_EQ(m.patient->conditions.size(), 1u);
  const model::Condition& c = m.patient->conditions[0];
  EXPECT_EQ(c.code.codings, (std::vector<model::Coding>{{"http://snomed.info/sct", "128200000",
                                                         "Complex regional pain syndrome"}}));
  EXPECT_EQ(c.category, "problem-list-item");
  EXPECT_EQ(c.onset.value, "2024-06-02");
}

TEST(FhirMapCondition, RefutedConditionsAreNotMapped) {
  std::string json = test::read_fixture("mapping/fhir/condition_icd10.json");
  json.replace(json.find(R"("code": "confirmed")"), 19, R"("code": "refuted")");
  const model::MappedMessage m = map_fhir(json, {});
  EXPECT_EQ(m.issues, (std::vector<MappingIssue>{{MappingIssue::Severity::kWarning, "Condition",
                                                  "not-supported", "the Condition is refuted"}}));
  EXPECT_FALSE(m.patient.has_value());
}

TEST(FhirMapAllergy, MedicationAllergy) {
  const model::MappedMessage m = map_fixture("allergy_intolerance.json");
  EXPECT_EQ(m.issues, std::vector<MappingIssue>{});
  ASSERT_TRUE(m.patient.has_value());
  ASSERT_EQ(m.patient->allergies.size(), 1u);
  const model::Allergy& a = m.patient->allergies[0];
  EXPECT_EQ(a.substance.codings,
            (std::vector<model::Coding>{
                {"http://www.nlm.nih.gov/research/umls/rxnorm", "7980", "penicillin G"}}));
  EXPECT_EQ(a.category, "medication");
  EXPECT_EQ(a.criticality, "high");
  EXPECT_EQ(a.reaction, "Wheal");
  EXPECT_EQ(a.onset.value, "2008");
  EXPECT_EQ(m.unmapped, (std::vector<std::string>{"AllergyIntolerance.clinicalStatus",
                                                  "AllergyIntolerance.type"}));
}

}  // namespace
}  // namespace titrate::inbound::fhir
