#include <gtest/gtest.h>

#include <string>

#include "gateway/config/config_error.h"
#include "tests/unit/dosing/dosing_test_support.h"
#include "tests/unit/fixtures.h"

namespace titrate::dosing::test {
namespace {

TEST(DrugLibrary, DefaultLibraryLoadsAndIsMarkedForReview) {
  const DrugLibrary& lib = default_library();
  EXPECT_NE(lib.notice.find("P&T"), std::string::npos);
  EXPECT_EQ(lib.weight_max_age_hours, 720);
  ASSERT_EQ(lib.entries.size(), 3u);
  for (const DrugEntry& e : lib.entries) {
    EXPECT_EQ(e.review, "default, must be reviewed by the clinic's P&T committee") << e.id;
    EXPECT_EQ(e.drug, "ketamine");
  }
  for (const ScreeningRule& s : lib.screening) EXPECT_FALSE(s.review.empty()) << s.id;
  const DrugEntry& mh = lib.entries[0];
  EXPECT_EQ(mh.basis, DosingBasis::kMgPerKg);
  EXPECT_EQ(mh.default_duration, qty("40", "min"));
  ASSERT_FALSE(mh.limits.empty());
  EXPECT_EQ(mh.limits[0].what, Limited::kDosePerKg);
  EXPECT_EQ(mh.limits[0].soft_max->value, dec("0.75"));  // exact, not 0.75000000000000001
  EXPECT_EQ(mh.limits[0].soft_max->pointer, "/entries/0/limits/dose_per_kg/soft_max");
  EXPECT_EQ(lib.entries[2].basis, DosingBasis::kMgPerKgPerHour);
  EXPECT_EQ(lib.screening.size(), 7u);
}

struct LoadError {
  const char* name;
  const char* find;     // text in the test library to replace
  const char* replace;  // with this
  const char* message;  // the exact error
};

class DrugLibraryErrors : public ::testing::TestWithParam<LoadError> {};

TEST_P(DrugLibraryErrors, AreLocated) {
  std::string json = titrate::test::read_fixture("dosing/test-library.json");
  const size_t at = json.find(GetParam().find);
  ASSERT_NE(at, std::string::npos) << GetParam().find;
  json.replace(at, std::string(GetParam().find).size(), GetParam().replace);
  try {
    DrugLibrary::parse(json, "drug-library.json");
    FAIL() << "loaded";
  } catch (const config::ConfigError& e) {
    EXPECT_STREQ(e.what(), GetParam().message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Load, DrugLibraryErrors,
    ::testing::Values(
        LoadError{"UnknownTopKey", "\"version\"", "\"versoin\"",
                  "drug-library.json: /version: required: expected a non-empty string"},
        LoadError{"UnknownEntryKey", "\"display\": \"test entry, mg basis\"",
                  "\"display\": \"x\", \"colour\": \"red\"",
                  "drug-library.json: /entries/0/colour: unknown key"},
        LoadError{"NumberAsText", "\"soft_max\": 100", "\"soft_max\": true",
                  "drug-library.json: /entries/0/limits/dose/soft_max: expected a number"},
        LoadError{"NegativeNumber", "\"soft_max\": 100", "\"soft_max\": -1",
                  "drug-library.json: /entries/0/limits/dose/soft_max: expected a number of at "
                  "least 0, written without an exponent"},
        LoadError{"LimitsOutOfOrder", "\"soft_max\": 100", "\"soft_max\": 130",
                  "drug-library.json: /entries/0/limits/dose/hard_max: expected at least "
                  "soft_max (130)"},
        LoadError{"WrongLimitUnit", "\"dose\": {\"unit\": \"mg\"", "\"dose\": {\"unit\": \"ug\"",
                  "drug-library.json: /entries/0/limits/dose/unit: expected \"mg\""},
        LoadError{"PerKgLimitOnMgEntry", "\"dose_rate\": {\"unit\": \"mg/h\", \"soft_max\": 60",
                  "\"dose_rate_per_kg\": {\"unit\": \"mg/kg/h\", \"soft_max\": 60",
                  "drug-library.json: /entries/0/limits/dose_rate_per_kg: only for weight-based "
                  "entries (dosing_basis mg/kg or mg/kg/h)"},
        LoadError{"UnknownBasis", "\"dosing_basis\": \"mg\"", "\"dosing_basis\": \"mL\"",
                  "drug-library.json: /entries/0/dosing_basis: expected \"mg/kg\", \"mg/kg/h\", "
                  "\"mg/h\" or \"mg\""},
        LoadError{"BadConcentrationUnit",
                  "\"value\": 2, \"unit\": \"mg\"}, \"volume\": {\"value\": 1, \"unit\": \"mL\"}}",
                  "\"value\": 2, \"unit\": \"mg\"}, \"volume\": {\"value\": 1, \"unit\": \"mg\"}}",
                  "drug-library.json: /entries/0/concentration/volume/unit: expected a UCUM unit "
                  "convertible to mL"},
        LoadError{"DurationNotATime", "{\"value\": 2, \"unit\": \"h\"}",
                  "{\"value\": 2, \"unit\": \"kg\"}",
                  "drug-library.json: /entries/0/default_duration/unit: expected a UCUM unit "
                  "convertible to min"},
        LoadError{"FractionalCount", "\"max_infusions\": 4", "\"max_infusions\": 4.5",
                  "drug-library.json: /entries/0/series/max_infusions: expected a whole number "
                  "from 1 to 1000"},
        LoadError{"DuplicateEntry", "\"dosing_basis\": \"mg/h\"", "\"dosing_basis\": \"mg\"",
                  "drug-library.json: /entries/1: expected a drug, concentration, care area and "
                  "dosing basis not already covered by /entries/0"},
        LoadError{"IndicationToUnknownCareArea",
                  "\"match\": \"prefix\", \"care_area\": \"chronic-pain\"",
                  "\"match\": \"prefix\", \"care_area\": \"oncology\"",
                  "drug-library.json: /care_area_by_indication/1/care_area: expected a care area "
                  "used by an entry"},
        LoadError{"BadMatch", "\"match\": \"prefix\", \"care_area\": \"chronic-pain\"",
                  "\"match\": \"regex\", \"care_area\": \"chronic-pain\"",
                  "drug-library.json: /care_area_by_indication/1/match: expected \"exact\" or "
                  "\"prefix\""},
        LoadError{"ScreeningAction", "\"screening\": []",
                  "\"screening\": [{\"id\": \"x\", \"label\": \"x\", \"action\": \"warn\", "
                  "\"applies_to\": \"conditions\", \"codes\": []}]",
                  "drug-library.json: /screening/0/action: expected \"hold\""},
        LoadError{"SyntaxError", "\"screening\": []", "\"screening\": [",
                  "drug-library.json: /: invalid JSON at byte 2408: Invalid value."}),
    [](const ::testing::TestParamInfo<LoadError>& info) { return std::string(info.param.name); });

TEST(DrugLibrary, MissingFileIsAConfigError) {
  EXPECT_THROW(DrugLibrary::load("/nonexistent/drug-library.json"), config::ConfigError);
}

TEST(DrugLibrary, CodeMatching) {
  EXPECT_TRUE(code_matches(CodeMatch{kIcd10, "I20.0", false}, {kIcd10, "I200", ""}));
  EXPECT_FALSE(code_matches(CodeMatch{kIcd10, "I20.0", false}, {kIcd10, "I20.01", ""}));
  EXPECT_TRUE(code_matches(CodeMatch{kIcd10, "I21", true}, {kIcd10, "I21.4", ""}));
  EXPECT_FALSE(code_matches(CodeMatch{kIcd10, "I21", true}, {kSnomed, "I21.4", ""}));
  EXPECT_FALSE(code_matches(CodeMatch{kIcd10, "I21", true}, {kIcd10, "I2", ""}));
}

}  // namespace
}  // namespace titrate::dosing::test
