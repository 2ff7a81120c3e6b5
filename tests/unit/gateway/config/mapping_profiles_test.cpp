#include "gateway/config/mapping_profiles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gateway/config/config_error.h"

namespace titrate::config {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kDefault =
    R"({"name": "default", "timestamps": {"without_offset": "assume", "zone": "UTC"}})";

std::string profile(const std::string& name, const std::string& match) {
  return R"({"name": ")" + name + R"(", "match": )" + match +
         R"(, "timestamps": {"without_offset": "reject"}})";
}

bool have_zoneinfo() {
  return fs::is_regular_file("/usr/share/zoneinfo/America/Chicago");
}

class MappingProfilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("titrate-mappings-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  std::string error_of() {
    try {
      load_mapping_profiles(dir_.string());
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(MappingProfilesTest, TheShippedProfilesLoad) {
  if (!have_zoneinfo()) GTEST_SKIP() << "no /usr/share/zoneinfo";
  const auto profiles =
      load_mapping_profiles(std::string(TITRATE_FIXTURES_DIR) + "/../../config/mappings");
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].name, "default");
  EXPECT_EQ(profiles[1].name, "northwind-epic");

  const profile::MappingProfile& d = profiles[0];
  EXPECT_EQ(d.timestamps.zone.name(), "UTC");
  EXPECT_FALSE(d.timestamps.reject_without_offset);
  EXPECT_EQ(d.patient_identifier_type, "MR");
  const profile::CodeMapEntry* iv = profile::find_code(d.route_codes, "HL70162", "IV");
  ASSERT_NE(iv, nullptr);
  EXPECT_EQ(iv->to, (model::Coding{"http://snomed.info/sct", "47625008", "Intravenous route"}));
  EXPECT_EQ(profile::to_ucum(d, "MG/KG/HR"), "mg/kg/h");

  const profile::MappingProfile& nw = profiles[1];
  EXPECT_EQ(nw.timestamps.zone.name(), "America/Chicago");
  EXPECT_EQ(nw.timestamps.zone.offset_at_utc(1768046400), -360);  // 2026-01-10T12:00Z
  EXPECT_EQ(nw.timestamps.zone.offset_at_utc(1783684800), -300);  // 2026-07-10T12:00Z
  EXPECT_EQ(nw.identifier_systems.at("NORTHWIND"), "urn:oid:2.16.840.1.113883.3.9999.1");
  const profile::CodeMapEntry* ket = profile::find_code(nw.medication_codes, "L", "KET500");
  ASSERT_NE(ket, nullptr);
  EXPECT_EQ(ket->to.system, "http://www.nlm.nih.gov/research/umls/rxnorm");
  EXPECT_EQ(ket->to.code, "6130");
  EXPECT_EQ(ket->to.display, "ketamine");
  EXPECT_EQ(profile::to_ucum(nw, "MG/HR"), "mg/h");
  EXPECT_EQ(nw.required, std::vector<std::string>{"PV1-19"});
  EXPECT_EQ(nw.unknown_segments, profile::UnknownElementPolicy::kReport);

  EXPECT_EQ(profile::select_profile(profiles, "EPICADT", "NORTHWIND"), &profiles[1]);
  EXPECT_EQ(profile::select_profile(profiles, "PHARMACY", "NORTHWIND"), &profiles[0]);
  EXPECT_EQ(profile::select_fhir_profile(profiles, "northwind"), &profiles[1]);
}

TEST_F(MappingProfilesTest, ReadsJsonFilesSortedByNameAndIgnoresTheRest) {
  write("b.json", profile("b", R"({"sending_application": "B"})"));
  write("a.json", kDefault);
  write("c.json", profile("c", R"({"sending_application": "C"})"));
  write("README.md", "not a profile");
  write("d.json.bak", "{");
  fs::create_directories(dir_ / "sub.json");
  const auto profiles = load_mapping_profiles(dir_.string());
  ASSERT_EQ(profiles.size(), 3u);
  EXPECT_EQ(profiles[0].name, "default");
  EXPECT_EQ(profiles[0].file, path("a.json"));
  EXPECT_EQ(profiles[1].name, "b");
  EXPECT_EQ(profiles[2].name, "c");
}

TEST_F(MappingProfilesTest, ListsEveryMistakeOfEveryFile) {
  write("a.json", R"({"name": "a", "timestamps": {"without_offset": "assume", "zone": "Mars/Base"},
                      "unknown_segments": "drop"})");
  write("b.json", R"({"name": "b", "timestamps": {"without_offset": "reject"}, "feilds": {}})");
  write("c.json", "{not json");
  write("d.json", kDefault);
  const std::string error = error_of();
  EXPECT_EQ(error, path("a.json") +
                       ": /timestamps/zone: unknown time zone \"Mars/Base\" (expected "
                       "\"UTC\", an offset like \"+05:30\" or an IANA name like "
                       "\"America/Chicago\")\n" +
                       path("a.json") +
                       ": /unknown_segments: expected \"report\" or \"reject\" (nothing is "
                       "dropped silently)\n" +
                       path("b.json") +
                       ": /feilds: unknown key; expected one of name, match, timestamps, "
                       "patient_identifier_type, identifier_systems, fields, code_maps, required, "
                       "unknown_segments, care_area (or _comment)\n" +
                       path("c.json") +
                       ": /: invalid JSON at byte 1: Missing a name for object member.");
}

TEST_F(MappingProfilesTest, ExceptionLocatesTheFirstMistake) {
  write("a.json", R"({"name": "a", "timestamps": {"without_offset": "later"}})");
  try {
    load_mapping_profiles(dir_.string());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), path("a.json"));
    EXPECT_EQ(e.pointer(), "/timestamps/without_offset");
  }
}

TEST_F(MappingProfilesTest, RefusesTheSameNameTwice) {
  write("a.json", profile("same", R"({"sending_application": "A"})"));
  write("b.json", profile("same", R"({"sending_application": "B"})"));
  EXPECT_EQ(error_of(),
            path("b.json") + ": /name: profile name \"same\" is also used by " + path("a.json"));
}

TEST_F(MappingProfilesTest, RefusesTheSameMatchTwice) {
  write("a.json", profile("a", R"({"sending_application": "EPICADT", "sending_facility": "NW"})"));
  write("b.json", profile("b", R"({"sending_facility": "NW", "sending_application": "EPICADT"})"));
  EXPECT_EQ(error_of(),
            path("b.json") + ": /match: same match as " + path("a.json") + " (profile \"a\")");
}

TEST_F(MappingProfilesTest, RefusesAmbiguousSenders) {
  write("a.json", profile("a", R"({"sending_application": "EPICADT", "fhir_client": "x"})"));
  write("b.json", profile("b", R"({"sending_application": "EPICADT", "fhir_client": "y"})"));
  write("c.json", profile("c", R"({"fhir_client": "x"})"));
  const std::string error = error_of();
  EXPECT_THAT(error, HasSubstr(path("b.json") +
                               ": /match: same sending_application and "
                               "sending_facility as " +
                               path("a.json")));
  EXPECT_THAT(error, HasSubstr(path("c.json") + ": /match/fhir_client: same fhir_client as " +
                               path("a.json")));
}

TEST_F(MappingProfilesTest, RefusesASecondDefault) {
  write("a.json", kDefault);
  write("b.json", R"({"name": "other", "match": {}, "timestamps": {"without_offset": "reject"}})");
  EXPECT_EQ(error_of(), path("b.json") +
                            ": /match: more than one default profile (no match members): " +
                            path("a.json") + " (profile \"default\") is one already");
}

TEST_F(MappingProfilesTest, MissingOrEmptyFolder) {
  EXPECT_EQ(error_of(), dir_.string() + ": /: no mapping profiles (*.json) in the folder");
  fs::remove_all(dir_);
  EXPECT_THAT(error_of(), HasSubstr(dir_.string() + ": /: cannot read the mapping profile folder"));
}

TEST_F(MappingProfilesTest, NamedZonesComeFromTheSystemFolder) {
  if (!have_zoneinfo()) GTEST_SKIP() << "no /usr/share/zoneinfo";
  EXPECT_TRUE(read_system_zone("America/Chicago").has_value());
  EXPECT_TRUE(read_system_zone("UTC").has_value());
  EXPECT_FALSE(read_system_zone("America").has_value());  // a folder
  EXPECT_FALSE(read_system_zone("Mars/Base").has_value());
  EXPECT_FALSE(read_system_zone("").has_value());
  EXPECT_FALSE(read_system_zone("/etc/passwd").has_value());
  EXPECT_FALSE(read_system_zone("../../../etc/passwd").has_value());
  EXPECT_FALSE(read_system_zone("America/../../../etc/passwd").has_value());
  write("a.json",
        R"({"name": "a", "timestamps": {"without_offset": "assume", "zone": "Asia/Kolkata"}})");
  const auto profiles = load_mapping_profiles(dir_.string());
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_EQ(profiles[0].timestamps.zone.offset_at_utc(0), 330);
}

}  // namespace
}  // namespace titrate::config
