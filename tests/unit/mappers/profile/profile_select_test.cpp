#include <gtest/gtest.h>

#include "mappers/profile/mapping_profile.h"
#include "mappers/profile/profile_set.h"

namespace titrate::profile {
namespace {

MappingProfile profile(std::string name, std::string app, std::string facility,
                       std::string client = "") {
  MappingProfile p;
  p.name = std::move(name);
  p.file = p.name + ".json";
  p.match = {std::move(app), std::move(facility), std::move(client)};
  return p;
}

std::string chosen(const std::vector<MappingProfile>& set, std::string_view app,
                   std::string_view facility) {
  const MappingProfile* p = select_profile(set, app, facility);
  return p ? p->name : "none";
}

std::string chosen_fhir(const std::vector<MappingProfile>& set, std::string_view client) {
  const MappingProfile* p = select_fhir_profile(set, client);
  return p ? p->name : "none";
}

TEST(ProfileSelect, DefaultWhenNothingElseMatches) {
  const std::vector<MappingProfile> set = {profile("epic", "EPICADT", ""),
                                           profile("default", "", "")};
  EXPECT_EQ(chosen(set, "CERNER", "NORTHWIND"), "default");
  EXPECT_EQ(chosen(set, "", ""), "default");
}

TEST(ProfileSelect, NoneWithoutDefault) {
  const std::vector<MappingProfile> set = {profile("epic", "EPICADT", "NORTHWIND")};
  EXPECT_EQ(chosen(set, "EPICADT", "SOUTHWARD"), "none");
  EXPECT_EQ(chosen({}, "EPICADT", "NORTHWIND"), "none");
}

TEST(ProfileSelect, ApplicationBeatsDefault) {
  const std::vector<MappingProfile> set = {profile("default", "", ""),
                                           profile("epic", "EPICADT", "")};
  EXPECT_EQ(chosen(set, "EPICADT", "ANYWHERE"), "epic");
}

TEST(ProfileSelect, ApplicationAndFacilityBeatApplication) {
  const std::vector<MappingProfile> set = {profile("epic", "EPICADT", ""),
                                           profile("epic-nw", "EPICADT", "NORTHWIND"),
                                           profile("default", "", "")};
  EXPECT_EQ(chosen(set, "EPICADT", "NORTHWIND"), "epic-nw");
  EXPECT_EQ(chosen(set, "EPICADT", "SOUTHWARD"), "epic");
}

TEST(ProfileSelect, FacilityOnlyRanksBetweenApplicationAndDefault) {
  const std::vector<MappingProfile> set = {
      profile("nw", "", "NORTHWIND"), profile("epic", "EPICADT", ""), profile("default", "", "")};
  EXPECT_EQ(chosen(set, "EPICADT", "NORTHWIND"), "epic");
  EXPECT_EQ(chosen(set, "LABSYS", "NORTHWIND"), "nw");
  EXPECT_EQ(chosen(set, "LABSYS", "SOUTHWARD"), "default");
}

TEST(ProfileSelect, ComparisonIsExact) {
  const std::vector<MappingProfile> set = {profile("epic", "EPICADT", "")};
  EXPECT_EQ(chosen(set, "epicadt", ""), "none");
  EXPECT_EQ(chosen(set, "EPICADT ", ""), "none");
}

TEST(ProfileSelect, FhirOnlyProfilesDoNotApplyToHl7v2) {
  const std::vector<MappingProfile> set = {profile("fhir", "", "", "northwind"),
                                           profile("default", "", "")};
  EXPECT_EQ(chosen(set, "EPICADT", "NORTHWIND"), "default");
}

TEST(ProfileSelect, FhirClientBeatsDefault) {
  const std::vector<MappingProfile> set = {profile("default", "", ""),
                                           profile("nw", "EPICADT", "NORTHWIND", "northwind"),
                                           profile("epic-only", "EPICADT", "")};
  EXPECT_EQ(chosen_fhir(set, "northwind"), "nw");
  EXPECT_EQ(chosen_fhir(set, "other"), "default");
  EXPECT_EQ(chosen_fhir(set, ""), "default");
  EXPECT_EQ(chosen_fhir({profile("epic-only", "EPICADT", "")}, "northwind"), "none");
}

TEST(ProfileSelect, TiesGoToTheFirst) {
  const std::vector<MappingProfile> set = {profile("a", "EPICADT", ""),
                                           profile("b", "EPICADT", "")};
  EXPECT_EQ(chosen(set, "EPICADT", "X"), "a");
}

std::vector<std::string> set_errors(const std::vector<MappingProfile>& set) {
  std::vector<std::string> out;
  for (const ProfileError& e : check_profile_set(set)) out.push_back(e.to_string());
  return out;
}

TEST(ProfileSet, ConsistentSetHasNoErrors) {
  EXPECT_TRUE(set_errors({profile("default", "", ""), profile("epic", "EPICADT", ""),
                          profile("epic-nw", "EPICADT", "NORTHWIND", "northwind"),
                          profile("fhir", "", "", "other")})
                  .empty());
  EXPECT_TRUE(is_default_profile(profile("d", "", "")));
  EXPECT_FALSE(is_default_profile(profile("f", "", "", "c")));
}

TEST(ProfileSet, Conflicts) {
  const auto errors =
      set_errors({profile("a", "", ""), profile("a", "EPICADT", ""), profile("b", "", ""),
                  profile("c", "EPICADT", ""), profile("d", "LAB", "", "x"),
                  profile("e", "LAB", "", "y"), profile("f", "", "", "x")});
  ASSERT_EQ(errors.size(), 5u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], "a.json: /name: profile name \"a\" is also used by a.json");
  EXPECT_EQ(errors[1],
            "b.json: /match: more than one default profile (no match members): a.json (profile "
            "\"a\") is one already");
  EXPECT_EQ(errors[2], "c.json: /match: same match as a.json (profile \"a\")");
  EXPECT_EQ(errors[3],
            "e.json: /match: same sending_application and sending_facility as d.json (profile "
            "\"d\"): HL7v2 messages could not tell them apart");
  EXPECT_EQ(errors[4], "f.json: /match/fhir_client: same fhir_client as d.json (profile \"d\")");
}

}  // namespace
}  // namespace titrate::profile
