#include "mappers/outbound/fhir/patient.h"

#include <gtest/gtest.h>

#include "mappers/outbound/fhir/fhir_id.h"
#include "tests/unit/gateway/outbound/order_samples.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

TEST(OutboundPatient, MapsIdentifiersNameGenderAndBirthDate) {
  const FhirResource resource = map_patient(admitted_patient());
  EXPECT_EQ(resource.type, "Patient");
  EXPECT_EQ(resource.id, patient_id(admitted_patient().patient_id));
  const rapidjson::Document doc = parse(resource.json);
  EXPECT_EQ(empty_values(doc), "");
  EXPECT_EQ(str(doc["resourceType"]), "Patient");
  ASSERT_EQ(doc["identifier"].Size(), 2u);
  EXPECT_EQ(str(doc["identifier"][0]["system"]), "http://hospital.example/mrn");
  EXPECT_EQ(str(doc["identifier"][0]["value"]), "MRN-1");
  EXPECT_EQ(str(doc["identifier"][0]["type"]["coding"][0]["code"]), "MR");
  EXPECT_EQ(str(doc["identifier"][1]["type"]["coding"][0]["code"]), "SS");
  EXPECT_EQ(str(doc["name"][0]["family"]), "Fiction");
  ASSERT_EQ(doc["name"][0]["given"].Size(), 2u);
  EXPECT_EQ(str(doc["name"][0]["given"][1]), "J");
  EXPECT_EQ(str(doc["name"][0]["use"]), "official");
  EXPECT_EQ(str(doc["gender"]), "female");
  EXPECT_EQ(str(doc["birthDate"]), "1982-05-17");
}

TEST(OutboundPatient, IdSeparatesAssigningAuthoritiesAndIsAValidFhirId) {
  model::Identifier a = admitted_patient().patient_id;
  model::Identifier b = a;
  b.system = "http://other.example/mrn";
  EXPECT_NE(patient_id(a), patient_id(b));
  EXPECT_EQ(patient_id(a), patient_id(a));
  EXPECT_TRUE(is_valid_fhir_id(patient_id(a)));
  EXPECT_EQ(patient_id(a).find(a.value), std::string::npos);  // no MRN in ids, so none in logs
  EXPECT_THROW(patient_id(model::Identifier{}), OutboundFhirError);
}

TEST(OutboundPatient, ABirthDateWithATimeKeepsTheDateAndEmptyPartsAreLeftOut) {
  model::PatientContext context;
  context.patient_id = admitted_patient().patient_id;
  context.birth_date = {"1982-05-17T00:00:00-05:00"};
  const rapidjson::Document doc = parse(map_patient(context).json);
  EXPECT_EQ(str(doc["birthDate"]), "1982-05-17");
  EXPECT_FALSE(doc.HasMember("name"));
  EXPECT_FALSE(doc.HasMember("gender"));
  EXPECT_EQ(empty_values(doc), "");
}

TEST(OutboundPatient, MergeKeepsWhatTheUpdateLacks) {
  model::PatientContext from_order;
  from_order.patient_id = admitted_patient().patient_id;
  from_order.gender = "female";
  const std::string merged =
      merge_patient(map_patient(admitted_patient()).json, map_patient(from_order).json);
  const rapidjson::Document doc = parse(merged);
  EXPECT_EQ(str(doc["birthDate"]), "1982-05-17");
  EXPECT_EQ(str(doc["name"][0]["family"]), "Fiction");
  EXPECT_EQ(doc["identifier"].Size(), 1u);  // the update's own identifiers win
  // Merging again changes nothing: a redelivered context is no new version.
  EXPECT_EQ(merge_patient(merged, map_patient(from_order).json), merged);
  EXPECT_EQ(merge_patient("not json", "{\"a\":1}"), "{\"a\":1}");
}

}  // namespace
}  // namespace titrate::outbound::fhir
