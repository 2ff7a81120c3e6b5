#include <gtest/gtest.h>

#include "mappers/profile/mapping_profile.h"

namespace titrate::profile {
namespace {

const std::string kRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

CodeMapEntry entry(std::string system, std::string code, std::string to_code) {
  return {std::move(system), std::move(code), {kRxNorm, std::move(to_code), ""}};
}

TEST(ProfileFindCode, ExactSystemFirstThenAnySystem) {
  const std::vector<CodeMapEntry> map = {entry("", "KET500", "any"), entry("L", "KET500", "local"),
                                         entry("NDC", "67457-108", "ndc")};
  const CodeMapEntry* found = find_code(map, "L", "KET500");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->to.code, "local");
  found = find_code(map, "99ZZZ", "KET500");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->to.code, "any");
  found = find_code(map, "", "KET500");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->to.code, "any");
}

TEST(ProfileFindCode, SystemsIgnoreCaseCodesDoNot) {
  const std::vector<CodeMapEntry> map = {entry("L", "KET500", "local"),
                                         entry("http://example.org/CS", "a1", "uri")};
  ASSERT_NE(find_code(map, "l", "KET500"), nullptr);
  EXPECT_EQ(find_code(map, "l", "KET500")->to.code, "local");
  ASSERT_NE(find_code(map, "HTTP://EXAMPLE.ORG/cs", "a1"), nullptr);
  EXPECT_EQ(find_code(map, "L", "ket500"), nullptr);
  EXPECT_EQ(find_code(map, "NDC", "KET500"), nullptr);  // no any-system entry
  EXPECT_EQ(find_code({}, "L", "KET500"), nullptr);
}

TEST(ProfileToUcum, ProfileMapFirstIgnoringCase) {
  MappingProfile profile;
  profile.units = {{"GTT/MIN", "[drp]/min"}, {"MG/HR", "mg/h"}, {"MG", "mg{total}"}};
  EXPECT_EQ(to_ucum(profile, "gtt/min"), "[drp]/min");
  EXPECT_EQ(to_ucum(profile, "Mg/Hr"), "mg/h");
  EXPECT_EQ(to_ucum(profile, "MG"), "mg{total}");  // the profile overrides the table
  EXPECT_EQ(to_ucum(profile, "KG"), "kg");         // not in the profile: the table
}

TEST(ProfileToUcum, BuiltInSpellings) {
  const MappingProfile profile;
  const std::pair<const char*, const char*> cases[] = {
      {"MG", "mg"},
      {"ML", "mL"},
      {"KG", "kg"},
      {"G", "g"},
      {"MCG", "ug"},
      {"UG", "ug"},
      {"LB", "[lb_av]"},
      {"LBS", "[lb_av]"},
      {"IN", "[in_i]"},
      {"CM", "cm"},
      {"M", "m"},
      {"MIN", "min"},
      {"H", "h"},
      {"HR", "h"},
      {"MG/HR", "mg/h"},
      {"MG/H", "mg/h"},
      {"ML/HR", "mL/h"},
      {"ML/H", "mL/h"},
      {"MG/KG", "mg/kg"},
      {"MG/KG/HR", "mg/kg/h"},
      {"MG/KG/H", "mg/kg/h"},
      {"MCG/KG/MIN", "ug/kg/min"},
      {"ml/hr", "mL/h"},
      {"mcg/kg/min", "ug/kg/min"},
      {"mg/hr ", "mg/h"}};  // HL7 senders pad fields
  for (const auto& [unit, ucum_code] : cases) {
    EXPECT_EQ(to_ucum(profile, unit), ucum_code) << unit;
  }
}

TEST(ProfileToUcum, ProperUcumPassesThrough) {
  const MappingProfile profile;
  for (const char* code : {"mg", "mL", "mg/h", "mL/h", "mg/kg/h", "ug/kg/min", "[lb_av]", "[in_i]",
                           "kg/m2", "mm[Hg]", "/min", "%", "mg/mL", "Cel"}) {
    EXPECT_EQ(to_ucum(profile, code), code) << code;
  }
}

TEST(ProfileToUcum, UnknownUnits) {
  const MappingProfile profile;
  for (const char* unit : {"", "BAG", "Gg", "Mmol/L", "kmin", "mg per h", "mg//h", "mg/", "mg{",
                           "mg{a}b", "milligrams"}) {
    EXPECT_EQ(to_ucum(profile, unit), std::nullopt) << unit;
  }
}

}  // namespace
}  // namespace titrate::profile
