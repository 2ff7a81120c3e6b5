#include <gtest/gtest.h>

#include <string>

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/hl7v2/coding_systems.h"
#include "mappers/inbound/hl7v2/dose_units.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"
#include "tests/unit/mappers/inbound/hl7v2/map_test_support.h"

namespace titrate::inbound {
namespace {

model::Quantity quantity(std::string_view value, std::string unit) {
  return {*model::Decimal::parse(value), std::move(unit)};
}

TEST(Hl7MapUnits, ClassifiesByDimension) {
  EXPECT_EQ(classify_unit("mL/h"), UnitKind::kVolumeRate);
  EXPECT_EQ(classify_unit("mL/min"), UnitKind::kVolumeRate);
  EXPECT_EQ(classify_unit("mg/h"), UnitKind::kMassRate);
  EXPECT_EQ(classify_unit("ug/min"), UnitKind::kMassRate);
  EXPECT_EQ(classify_unit("mg/kg/h"), UnitKind::kMassPerWeightRate);
  EXPECT_EQ(classify_unit("ug/kg/min"), UnitKind::kMassPerWeightRate);
  EXPECT_EQ(classify_unit("mg/kg"), UnitKind::kMassPerWeight);
  EXPECT_EQ(classify_unit("mg"), UnitKind::kMass);
  EXPECT_EQ(classify_unit("g"), UnitKind::kMass);
  EXPECT_EQ(classify_unit("mL"), UnitKind::kVolume);
  EXPECT_EQ(classify_unit("mg/mL"), UnitKind::kConcentration);
  EXPECT_EQ(classify_unit("cm"), UnitKind::kOther);
  EXPECT_EQ(classify_unit("[iU]"), UnitKind::kOther);
}

TEST(Hl7MapUnits, GivePer) {
  ASSERT_TRUE(parse_give_per("H4"));
  EXPECT_EQ(parse_give_per("H4")->count, 4);
  EXPECT_EQ(parse_give_per("H4")->unit, "h");
  EXPECT_EQ(parse_give_per("M40")->unit, "min");
  EXPECT_EQ(parse_give_per("D1")->unit, "d");
  for (std::string_view bad : {"", "H", "H0", "L1", "h1", "H1.5", "4H", "H9999999"}) {
    EXPECT_FALSE(parse_give_per(bad)) << bad;
  }
}

TEST(Hl7MapUnits, AmountPerIntervalIsExactOrRoundedAtSixDecimals) {
  EXPECT_EQ(text(per_interval(quantity("500", "mL"), {4, "h"})), "125 mL/h");
  EXPECT_EQ(text(per_interval(quantity("35", "mg"), {40, "min"})), "0.875 mg/min");
  EXPECT_EQ(text(per_interval(quantity("0.5", "mg/kg"), {1, "h"})), "0.5 mg/kg/h");
  EXPECT_EQ(text(per_interval(quantity("500", "mL"), {3, "h"})), "166.666667 mL/h");
  EXPECT_EQ(text(per_interval(quantity("100", "mL"), {3, "h"})), "33.333333 mL/h");
}

TEST(Hl7MapCodingSystems, Hl7NamesToUris) {
  EXPECT_EQ(coding_system_uri("I10"), "http://hl7.org/fhir/sid/icd-10-cm");
  EXPECT_EQ(coding_system_uri("icd10"), "http://hl7.org/fhir/sid/icd-10-cm");
  EXPECT_EQ(coding_system_uri("I9C"), "http://hl7.org/fhir/sid/icd-9-cm");
  EXPECT_EQ(coding_system_uri("SCT"), "http://snomed.info/sct");
  EXPECT_EQ(coding_system_uri("SNM"), "http://snomed.info/sct");
  EXPECT_EQ(coding_system_uri("LN"), "http://loinc.org");
  EXPECT_EQ(coding_system_uri("RXN"), "http://www.nlm.nih.gov/research/umls/rxnorm");
  EXPECT_EQ(coding_system_uri("NDC"), "http://hl7.org/fhir/sid/ndc");
  EXPECT_EQ(coding_system_uri("HL70162"), "http://terminology.hl7.org/CodeSystem/v2-0162");
  EXPECT_EQ(coding_system_uri("HL7016"), "HL7016");
  EXPECT_EQ(coding_system_uri("L"), "L");  // local systems stay as received
  EXPECT_EQ(coding_system_uri("99KET"), "99KET");
  EXPECT_EQ(coding_system_uri(""), "");
}

// The message's own delimiters are used for every datatype ('#' field, '$' component,
// '*' repetition, '%' escape, '@' subcomponent).
TEST(Hl7MapCodingSystems, CustomDelimitersAreHonoured) {
  const std::string bytes = test::read_fixture("hl7v2/adt_a01_custom_delimiters.hl7");
  const hl7v2::Message message = hl7v2::parse(bytes);
  const model::MappedMessage m = map_hl7v2(message, profile::MappingProfile{});
  ASSERT_TRUE(m.patient);
  EXPECT_EQ(m.patient->patient_id,
            (model::Identifier{"urn:titrate:authority:NORTHWIND", "MRN4472", "MR", "NORTHWIND"}));
  EXPECT_EQ(m.patient->identifiers.size(), 2u);
  EXPECT_EQ(m.patient->name.family, "TESTPATIENT");
  EXPECT_EQ(m.patient->visit->location,
            (model::Location{"ICU-EAST", "ROOM 5", "BED 1", "NORTHWIND"}));
  EXPECT_EQ(m.unmapped, (std::vector<std::string>{"EVN[1]", "NTE[1]"}));
  EXPECT_TRUE(m.ok());
}

}  // namespace
}  // namespace titrate::inbound
