#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"
#include "tests/unit/mappers/inbound/hl7v2/map_test_support.h"

namespace titrate::inbound {
namespace {

using model::BodyMeasurement;
using model::PatientContext;

constexpr char kRiversideSystem[] = "urn:oid:2.16.840.1.113883.3.999.1";

profile::MappingProfile riverside() {
  profile::MappingProfile p;
  p.name = "riverside-test";
  p.identifier_systems["RIVERSIDE"] = kRiversideSystem;
  return p;
}

TEST(Hl7MapAdt, EveryTriggerGivesItsEvent) {
  const struct {
    const char* fixture;
    PatientContext::Event event;
  } cases[] = {
      {"adt_a01_admit.hl7", PatientContext::Event::kAdmit},
      {"adt_a04_register.hl7", PatientContext::Event::kRegister},
      {"adt_a08_update.hl7", PatientContext::Event::kUpdate},
      {"adt_a03_discharge.hl7", PatientContext::Event::kDischarge},
  };
  for (const auto& c : cases) {
    const model::MappedMessage m = map_fixture(c.fixture, riverside());
    ASSERT_TRUE(m.patient) << c.fixture;
    EXPECT_EQ(m.patient->event, c.event) << c.fixture;
    EXPECT_TRUE(m.ok()) << c.fixture;
    EXPECT_TRUE(m.orders.empty());
    EXPECT_EQ(m.source.format, "hl7v2");
    EXPECT_EQ(m.source.sender, "EPICADT|RIVERSIDE");
  }
}

TEST(Hl7MapAdt, AdmitMapsDemographicsAndVisit) {
  const model::MappedMessage m = map_fixture("adt_a01_admit.hl7", riverside());
  ASSERT_TRUE(m.patient);
  const PatientContext& p = *m.patient;
  EXPECT_EQ(m.source.control_id, "ADT0001");
  EXPECT_EQ(p.name.family, "FICTION");
  EXPECT_EQ(p.name.given, (std::vector<std::string>{"ALEX", "J"}));  // the legal (L) name
  EXPECT_EQ(p.name.use, "official");
  EXPECT_EQ(p.birth_date.value, "1982-05-17");
  EXPECT_EQ(p.gender, "female");
  ASSERT_TRUE(p.visit);
  EXPECT_EQ(p.visit->patient_class, "IMP");
  EXPECT_EQ(p.visit->location, (model::Location{"INF", "12", "B", "RIVERSIDE"}));
  EXPECT_EQ(p.visit->attending.identifier.value, "4401");
  EXPECT_EQ(p.visit->attending.identifier.system, kRiversideSystem);
  EXPECT_EQ(p.visit->attending.name.family, "WELBY");
  EXPECT_EQ(p.visit->attending.name.prefix, "DR");
  EXPECT_EQ(p.visit->visit_number,
            (model::Identifier{kRiversideSystem, "V88231", "VN", "RIVERSIDE"}));
  EXPECT_EQ(p.visit->admitted.value, "2026-03-10T09:00:00-05:00");
  EXPECT_TRUE(p.visit->discharged.empty());
}

TEST(Hl7MapAdt, PatientKeyIsMrNeverSs) {
  const model::MappedMessage m = map_fixture("adt_a01_admit.hl7", riverside());
  ASSERT_TRUE(m.patient);
  // PID-3 lists the SS number first; the key is the MR, all identifiers are kept.
  EXPECT_EQ(m.patient->patient_id,
            (model::Identifier{kRiversideSystem, "RV100234", "MR", "RIVERSIDE"}));
  ASSERT_EQ(m.patient->identifiers.size(), 3u);
  EXPECT_EQ(m.patient->identifiers[0],
            (model::Identifier{"urn:titrate:authority:SSA", "123-45-6789", "SS", "SSA"}));
  EXPECT_EQ(m.patient->identifiers[1], m.patient->patient_id);
  EXPECT_EQ(m.patient->identifiers[2],
            (model::Identifier{kRiversideSystem, "ACCT5521", "AN", "RIVERSIDE"}));  // PID-18
}

TEST(Hl7MapAdt, PatientKeyTypeComesFromTheProfile) {
  profile::MappingProfile p = riverside();
  EXPECT_EQ(map_fixture("adt_a08_update.hl7", p).patient->patient_id.value, "RV100888");
  p.patient_identifier_type = "PI";
  const model::MappedMessage m = map_fixture("adt_a08_update.hl7", p);
  EXPECT_EQ(m.patient->patient_id,
            (model::Identifier{"urn:titrate:authority:ENTERPRISE", "E55501", "PI", "ENTERPRISE"}));
  // A profile asking for SS still never gets it as the key.
  p.patient_identifier_type = "SS";
  const model::MappedMessage ss = map_fixture("adt_a01_admit.hl7", p);
  EXPECT_TRUE(ss.patient->patient_id.empty());
  EXPECT_EQ(issues(ss), (std::vector<std::string>{"error 101 PID[1]-3", "info 100 ZPI[1]"}));
}

TEST(Hl7MapAdt, MissingMrIsAnErrorAtPid3) {
  const model::MappedMessage m = map_fixture("adt_a04_bad_no_mr.hl7", riverside());
  EXPECT_FALSE(m.ok());
  EXPECT_EQ(issues(m), (std::vector<std::string>{"error 101 PID[1]-3"}));
  EXPECT_EQ(m.issues[0].message.find("987"), std::string::npos);  // no patient data
}

TEST(Hl7MapAdt, WeightAndHeightInKgAndCm) {
  const model::MappedMessage m = map_fixture("adt_a01_admit.hl7", riverside());
  const auto& ms = m.patient->measurements;
  ASSERT_EQ(ms.size(), 2u);  // the heart-rate OBX is not a body measurement
  EXPECT_EQ(ms[0].kind, BodyMeasurement::Kind::kWeight);
  EXPECT_EQ(text(ms[0].value), "72.5 kg");
  EXPECT_EQ(text(ms[0].reported), "72.5 kg");
  EXPECT_EQ(ms[0].code.codings.at(0),
            (model::Coding{"http://loinc.org", "29463-7", "Body weight"}));
  EXPECT_EQ(ms[0].effective.value, "2026-03-10T09:05:00-05:00");
  EXPECT_EQ(ms[0].status, "final");
  EXPECT_EQ(ms[1].kind, BodyMeasurement::Kind::kHeight);
  EXPECT_EQ(text(ms[1].value), "168 cm");
}

TEST(Hl7MapAdt, WeightInPoundsAndHeightInInchesAreConverted) {
  const model::MappedMessage m = map_fixture("adt_a04_register.hl7", riverside());
  ASSERT_TRUE(m.ok());
  const auto& ms = m.patient->measurements;
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(text(ms[0].value), "74.843 kg");  // 165 lb × 0.45359237
  EXPECT_EQ(text(ms[0].reported), "165 [lb_av]");
  EXPECT_EQ(text(ms[1].value), "177.8 cm");  // 70 in × 2.54
  EXPECT_EQ(text(ms[1].reported), "70 [in_i]");
  EXPECT_EQ(ms[1].status, "preliminary");
  // No OBX-14: the message time (MSH-7) stands in.
  EXPECT_EQ(ms[1].effective.value, "2026-03-11T08:00:00-05:00");
  EXPECT_EQ(m.patient->visit->patient_class, "AMB");
}

TEST(Hl7MapAdt, WeightNamedOnlyByTextIsAcceptedAndReported) {
  const model::MappedMessage m = map_fixture("adt_a08_update.hl7", riverside());
  ASSERT_EQ(m.patient->measurements.size(), 1u);
  const BodyMeasurement& w = m.patient->measurements[0];
  EXPECT_EQ(text(w.value), "80.0 kg");
  EXPECT_EQ(w.code.codings.at(0).code, "29463-7");
  EXPECT_EQ(w.code.text, "Body Weight");
  EXPECT_EQ(w.status, "amended");  // OBX-11 C
  EXPECT_EQ(issues(m), (std::vector<std::string>{"info 103 OBX[1]-3"}));
  EXPECT_EQ(m.patient->gender, "other");           // PID-8 A
  EXPECT_EQ(m.patient->birth_date.value, "1990");  // year precision kept
  EXPECT_EQ(m.patient->visit->patient_class, "PRENC");
}

TEST(Hl7MapAdt, DischargeMapsEndOfVisit) {
  const model::MappedMessage m = map_fixture("adt_a03_discharge.hl7", riverside());
  ASSERT_TRUE(m.patient && m.patient->visit);
  EXPECT_EQ(m.patient->visit->patient_class, "EMER");
  EXPECT_EQ(m.patient->visit->discharged.value, "2026-03-13T16:50:00-05:00");
  EXPECT_EQ(m.patient->gender, "unknown");
}

TEST(Hl7MapAdt, AllergyAndDiagnosis) {
  const model::MappedMessage m = map_fixture("adt_a01_admit.hl7", riverside());
  ASSERT_EQ(m.patient->allergies.size(), 1u);
  const model::Allergy& a = m.patient->allergies[0];
  EXPECT_EQ(a.category, "medication");
  EXPECT_EQ(a.substance.codings.at(0),
            (model::Coding{"http://www.nlm.nih.gov/research/umls/rxnorm", "7980", "Penicillin G"}));
  EXPECT_EQ(a.criticality, "high");
  EXPECT_EQ(a.reaction, "Hives; Wheezing");
  EXPECT_EQ(a.onset.value, "2015-06-01");
  ASSERT_EQ(m.patient->conditions.size(), 1u);
  const model::Condition& c = m.patient->conditions[0];
  EXPECT_EQ(c.code.codings.at(0), (model::Coding{"http://hl7.org/fhir/sid/icd-10-cm", "G90.50",
                                                 "Complex regional pain syndrome I, unspecified"}));
  EXPECT_EQ(c.onset.value, "2026-03-01");
  EXPECT_EQ(c.category, "encounter-diagnosis");
  EXPECT_EQ(c.clinical_status, "active");
}

TEST(Hl7MapAdt, UnusedSegmentsAreListed) {
  const model::MappedMessage m = map_fixture("adt_a01_admit.hl7", riverside());
  EXPECT_EQ(m.unmapped,
            (std::vector<std::string>{"EVN[1]", "NK1[1]", "NK1[2]", "OBX[3]", "ZPI[1]"}));
}

}  // namespace
}  // namespace titrate::inbound
