#include "mappers/profile/mapping_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "gateway/model/civil_time.h"

namespace titrate::profile {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Reads real zones from /usr/share/zoneinfo (tests may do I/O; the parser does not).
std::optional<std::string> system_zone(std::string_view name) {
  const std::string path = "/usr/share/zoneinfo/" + std::string(name);
  if (name.find("..") != std::string_view::npos || !std::filesystem::is_regular_file(path)) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool have_zoneinfo() {
  return std::filesystem::is_regular_file("/usr/share/zoneinfo/America/Chicago");
}

ProfileParseResult parse(std::string_view json) {
  return parse_mapping_profile(json, "p.json", &system_zone);
}

std::vector<std::string> errors_of(std::string_view json) {
  std::vector<std::string> out;
  for (const ProfileError& e : parse(json).errors) out.push_back(e.pointer + ": " + e.expected);
  return out;
}

// A valid profile with `extra` members appended at the top level.
std::string with(std::string_view extra) {
  return std::string(R"({"name": "t", "timestamps": {"without_offset": "reject"})") +
         (extra.empty() ? "" : ", ") + std::string(extra) + "}";
}

constexpr const char* kNorthwind = R"({
  "_comment": "example",
  "name": "northwind-epic",
  "match": {"sending_application": "EPICADT", "sending_facility": "NORTHWIND", "fhir_client": "northwind"},
  "timestamps": {"without_offset": "assume", "zone": "America/Chicago"},
  "patient_identifier_type": "MR",
  "identifier_systems": {"NORTHWIND": "urn:oid:2.16.840.1.113883.3.9999.1"},
  "fields": {"order.medication": "ZRX-1", "order.dose_rate": "RXE-23"},
  "code_maps": {
    "medication": [{"_comment": "confirm", "from": {"system": "L", "code": "KET500"},
                    "to": {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130", "display": "ketamine"}}],
    "route": [{"from": {"code": "IV"}, "to": {"system": "http://snomed.info/sct", "code": "47625008", "display": "Intravenous route"}}],
    "units": {"MG/HR": "mg/h", "ML/HR": "mL/h"}
  },
  "required": ["PV1-19", "order.dose_rate"],
  "unknown_segments": "report"
})";

TEST(ProfileParse, FullProfile) {
  if (!have_zoneinfo()) GTEST_SKIP() << "no /usr/share/zoneinfo";
  const ProfileParseResult r = parse(kNorthwind);
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].to_string();
  ASSERT_TRUE(r.profile);
  const MappingProfile& p = *r.profile;
  EXPECT_EQ(p.name, "northwind-epic");
  EXPECT_EQ(p.file, "p.json");
  EXPECT_EQ(p.match, (SenderMatch{"EPICADT", "NORTHWIND", "northwind"}));
  EXPECT_FALSE(p.timestamps.reject_without_offset);
  EXPECT_EQ(p.timestamps.zone.name(), "America/Chicago");
  EXPECT_EQ(p.timestamps.zone.offset_at_utc(model::civil::days_from_civil(2026, 1, 10) * 86400),
            -360);
  EXPECT_EQ(p.patient_identifier_type, "MR");
  EXPECT_EQ(p.identifier_systems.at("NORTHWIND"), "urn:oid:2.16.840.1.113883.3.9999.1");
  EXPECT_EQ(p.field_locations.at("order.medication"), "ZRX-1");
  EXPECT_EQ(p.field_locations.at("order.dose_rate"), "RXE-23");
  ASSERT_EQ(p.medication_codes.size(), 1u);
  EXPECT_EQ(p.medication_codes[0].from_system, "L");
  EXPECT_EQ(p.medication_codes[0].from_code, "KET500");
  EXPECT_EQ(p.medication_codes[0].to,
            (model::Coding{"http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine"}));
  ASSERT_EQ(p.route_codes.size(), 1u);
  EXPECT_EQ(p.route_codes[0].from_system, "");
  EXPECT_EQ(p.route_codes[0].to.code, "47625008");
  EXPECT_EQ(p.units.at("MG/HR"), "mg/h");
  EXPECT_THAT(p.required, ElementsAre("PV1-19", "order.dose_rate"));
  EXPECT_EQ(p.unknown_segments, UnknownElementPolicy::kReport);
}

TEST(ProfileParse, MinimalProfileDefaults) {
  const ProfileParseResult r =
      parse(R"({"name": "d", "timestamps": {"without_offset": "assume", "zone": "UTC"}})");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].to_string();
  const MappingProfile& p = *r.profile;
  EXPECT_EQ(p.match, SenderMatch{});
  EXPECT_EQ(p.timestamps.zone.name(), "UTC");
  EXPECT_EQ(p.timestamps.zone.offset_at_utc(0), 0);
  EXPECT_EQ(p.patient_identifier_type, "MR");
  EXPECT_TRUE(p.identifier_systems.empty());
  EXPECT_TRUE(p.field_locations.empty());
  EXPECT_TRUE(p.medication_codes.empty());
  EXPECT_TRUE(p.units.empty());
  EXPECT_TRUE(p.required.empty());
  EXPECT_EQ(p.unknown_segments, UnknownElementPolicy::kReport);
}

TEST(ProfileParse, TimestampsDefaultToUtc) {
  const ProfileParseResult r = parse(R"({"name": "d"})");
  ASSERT_TRUE(r.profile);
  EXPECT_FALSE(r.profile->timestamps.reject_without_offset);
  EXPECT_EQ(r.profile->timestamps.zone.name(), "UTC");
  EXPECT_EQ(r.profile->timestamps.zone.offset_at_local(0), 0);
}

TEST(ProfileParse, TimestampPolicies) {
  auto r = parse(R"({"name": "r", "timestamps": {"without_offset": "reject"},
                     "unknown_segments": "reject"})");
  ASSERT_TRUE(r.profile);
  EXPECT_TRUE(r.profile->timestamps.reject_without_offset);
  EXPECT_EQ(r.profile->unknown_segments, UnknownElementPolicy::kReject);

  r = parse(R"({"name": "f", "timestamps": {"without_offset": "assume", "zone": "+05:30"}})");
  ASSERT_TRUE(r.profile);
  EXPECT_EQ(r.profile->timestamps.zone.name(), "+05:30");
  EXPECT_EQ(r.profile->timestamps.zone.offset_at_utc(0), 330);

  r = parse(R"({"name": "f", "timestamps": {"without_offset": "assume", "zone": "-06:00"}})");
  ASSERT_TRUE(r.profile);
  EXPECT_EQ(r.profile->timestamps.zone.offset_at_local(0), -360);
}

TEST(ProfileParse, ZoneErrors) {
  EXPECT_THAT(
      errors_of(
          R"({"name": "z", "timestamps": {"without_offset": "assume", "zone": "Mars/Base"}})"),
      ElementsAre(HasSubstr("/timestamps/zone: unknown time zone \"Mars/Base\"")));
  EXPECT_THAT(
      errors_of(
          R"({"name": "z", "timestamps": {"without_offset": "assume", "zone": "../../etc/passwd"}})"),
      ElementsAre(HasSubstr("/timestamps/zone: unknown time zone \"../../etc/passwd\"")));
  EXPECT_THAT(
      errors_of(
          R"({"name": "z", "timestamps": {"without_offset": "assume", "zone": "/etc/passwd"}})"),
      ElementsAre(HasSubstr("unknown time zone")));
  EXPECT_THAT(
      errors_of(R"({"name": "z", "timestamps": {"without_offset": "assume", "zone": "+25:00"}})"),
      ElementsAre(HasSubstr("/timestamps/zone: expected a UTC offset written +HH:MM")));
  EXPECT_THAT(
      errors_of(R"({"name": "z", "timestamps": {"without_offset": "assume", "zone": "+0530"}})"),
      ElementsAre(HasSubstr("/timestamps/zone: expected a UTC offset")));
  EXPECT_THAT(
      errors_of(R"({"name": "z", "timestamps": {"without_offset": "assume"}})"),
      ElementsAre(HasSubstr("/timestamps/zone: required when without_offset is \"assume\"")));
  EXPECT_THAT(
      errors_of(R"({"name": "z", "timestamps": {"without_offset": "reject", "zone": "UTC"}})"),
      ElementsAre(HasSubstr("/timestamps/zone: not used when without_offset is \"reject\"")));
  EXPECT_THAT(errors_of(R"({"name": "z", "timestamps": {"without_offset": "guess"}})"),
              ElementsAre("/timestamps/without_offset: expected \"assume\" or \"reject\""));
  EXPECT_THAT(errors_of(R"({"name": "z", "timestamps": {"zone": "UTC"}})"),
              ElementsAre("/timestamps/without_offset: required: expected a non-empty string"));
}

TEST(ProfileParse, ZoneWithoutLoaderOrWithBadData) {
  auto r = parse_mapping_profile(
      R"({"name": "z", "timestamps": {"without_offset": "assume", "zone": "America/Chicago"}})",
      "p.json", nullptr);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].expected, HasSubstr("unknown time zone \"America/Chicago\""));
  r = parse_mapping_profile(
      R"({"name": "z", "timestamps": {"without_offset": "assume", "zone": "Bad/Data"}})", "p.json",
      [](std::string_view) -> std::optional<std::string> { return std::string("garbage"); });
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].to_string(),
            "p.json: /timestamps/zone: time zone \"Bad/Data\": its TZif data is not valid");
}

TEST(ProfileParse, UnknownKeysAndCommentsAnywhere) {
  EXPECT_THAT(errors_of(with(R"("unknown_segment": "reject")")),
              ElementsAre(HasSubstr("/unknown_segment: unknown key; expected one of name, ")));
  EXPECT_THAT(errors_of(with(R"("match": {"sending_app": "X"})")),
              ElementsAre(HasSubstr("/match/sending_app: unknown key")));
  EXPECT_THAT(errors_of(with(R"("code_maps": {"unit": {}})")),
              ElementsAre(HasSubstr("/code_maps/unit: unknown key")));
  EXPECT_THAT(
      errors_of(with(
          R"("code_maps": {"route": [{"from": {"code": "IV", "sytem": "x"}, "to": {"system": "s:x", "code": "1"}}]})")),
      ElementsAre(HasSubstr("/code_maps/route/0/from/sytem: unknown key")));
  const std::string commented = with(R"(
      "_comment": ["any", {"value": 1}],
      "match": {"_comment": "m", "sending_application": "A"},
      "identifier_systems": {"_comment": "i", "X": "urn:oid:1.2"},
      "fields": {"_comment": "f", "order.dose": "RXE-3"},
      "code_maps": {"_comment": "c", "units": {"_comment": "u", "X": "mg"},
                    "route": [{"_comment": "r", "from": {"_comment": 1, "code": "IV"},
                               "to": {"_comment": null, "system": "s:x", "code": "1"}}]})");
  EXPECT_THAT(errors_of(commented), ElementsAre());
  const ProfileParseResult r = parse(commented);
  ASSERT_TRUE(r.profile);
  EXPECT_EQ(r.profile->units.size(), 1u);
  EXPECT_EQ(r.profile->identifier_systems.size(), 1u);
  EXPECT_EQ(r.profile->field_locations.size(), 1u);
}

TEST(ProfileParse, WrongTypes) {
  EXPECT_THAT(errors_of(R"({"name": 5, "timestamps": {"without_offset": "reject"}})"),
              ElementsAre("/name: expected a non-empty string"));
  EXPECT_THAT(errors_of(with(R"("match": "EPIC")")), ElementsAre("/match: expected an object"));
  EXPECT_THAT(errors_of(with(R"("match": {"sending_application": ""})")),
              ElementsAre("/match/sending_application: expected a non-empty string"));
  EXPECT_THAT(errors_of(with(R"("required": "PV1-19")")),
              ElementsAre("/required: expected an array"));
  EXPECT_THAT(errors_of(with(R"("required": [19])")),
              ElementsAre("/required/0: expected a non-empty string"));
  EXPECT_THAT(errors_of(with(R"("code_maps": {"units": {"MG": 1}})")),
              ElementsAre(HasSubstr("/code_maps/units/MG: expected a UCUM code")));
  EXPECT_THAT(errors_of(with(R"("code_maps": {"medication": {}})")),
              ElementsAre("/code_maps/medication: expected an array"));
  EXPECT_THAT(errors_of(with(R"("code_maps": {"medication": ["KET500"]})")),
              ElementsAre("/code_maps/medication/0: expected an object"));
  EXPECT_THAT(errors_of(with(R"("fields": ["RXE-23"])")),
              ElementsAre("/fields: expected an object"));
  EXPECT_THAT(errors_of(with(R"("patient_identifier_type": "mr")")),
              ElementsAre(HasSubstr("/patient_identifier_type: expected an identifier type code")));
  EXPECT_THAT(errors_of(R"({"name": "has space", "timestamps": {"without_offset": "reject"}})"),
              ElementsAre(HasSubstr("/name: expected a name of letters")));
  EXPECT_THAT(errors_of(with(R"("identifier_systems": {"NW": "not a uri"})")),
              ElementsAre(HasSubstr("/identifier_systems/NW: expected an identifier system URI")));
  EXPECT_THAT(
      errors_of(with(R"("unknown_segments": "drop")")),
      ElementsAre("/unknown_segments: expected \"report\" or \"reject\" (nothing is dropped "
                  "silently)"));
}

TEST(ProfileParse, FieldsAndLocations) {
  EXPECT_THAT(errors_of(with(R"("fields": {"order.rate": "RXE-23"})")),
              ElementsAre(HasSubstr("/fields/order.rate: unknown field name \"order.rate\"; "
                                    "expected one of order.medication, order.dose,")));
  for (const char* bad :
       {"RXE23", "rxe-23", "RX-23", "RXE-0", "RXE-23.", "RXE-23[0]", "RXE", "1XE-2"}) {
    EXPECT_THAT(errors_of(with(std::string(R"("fields": {"order.dose_rate": ")") + bad + "\"}")),
                ElementsAre(HasSubstr("/fields/order.dose_rate: malformed HL7v2 location")))
        << bad;
  }
  for (const char* good : {"RXE-23", "ZRX-1.2", "PID-3[2].4.1", "OBX[2]-5"}) {
    EXPECT_THAT(errors_of(with(std::string(R"("fields": {"order.dose_rate": ")") + good + "\"}")),
                ElementsAre())
        << good;
  }
  EXPECT_THAT(errors_of(with(R"("required": ["PV1", "PV1-19", "order.dose_rate", "ZRX-1.2"])")),
              ElementsAre());
  EXPECT_THAT(
      errors_of(with(R"("required": ["order.doserate", "PV1-", "pv1-19", "PV1-19", "PV1-19"])")),
      ElementsAre(HasSubstr("/required/0: unknown field name \"order.doserate\""),
                  HasSubstr("/required/1: malformed HL7v2 location \"PV1-\""),
                  HasSubstr("/required/2: unknown field name \"pv1-19\""),
                  "/required/4: duplicate entry \"PV1-19\""));
}

TEST(ProfileParse, CodeMapErrors) {
  EXPECT_THAT(
      errors_of(with(R"("code_maps": {"medication": [
        {"from": {"system": "L", "code": "KET500"}, "to": {"system": "http://rx", "code": "1"}},
        {"from": {"system": "l", "code": "KET500"}, "to": {"system": "http://rx", "code": "2"}},
        {"from": {"code": "KET500"}, "to": {"system": "http://rx", "code": "3"}},
        {"from": {"system": "L", "code": "ket500"}, "to": {"system": "http://rx", "code": "4"}},
        {"from": {"code": "KET500"}, "to": {"system": "http://rx", "code": "5"}}
      ]})")),
      ElementsAre("/code_maps/medication/1/from: duplicate of /code_maps/medication/0 (same "
                  "from.system and from.code)",
                  "/code_maps/medication/4/from: duplicate of /code_maps/medication/2 (same "
                  "from.system and from.code)"));
  EXPECT_THAT(
      errors_of(with(
          R"("code_maps": {"route": [{"from": {}, "to": {"system": "rx", "code": ""}}, {}]})")),
      ElementsAre("/code_maps/route/0/from/code: required: expected a non-empty string",
                  HasSubstr("/code_maps/route/0/to/system: expected a coding system URI"),
                  "/code_maps/route/0/to/code: expected a non-empty string",
                  HasSubstr("/code_maps/route/1/from: required: expected an object"),
                  HasSubstr("/code_maps/route/1/to: required: expected an object")));
}

TEST(ProfileParse, UnitErrors) {
  EXPECT_THAT(
      errors_of(with(R"("code_maps": {"units": {"MG/HR": "mg per h", "ML": "", "X": "mL/h",
                                                       "mg/hr": "mg/h", "": "mg"}})")),
      ElementsAre(HasSubstr("/code_maps/units/MG~1HR: expected a UCUM code (non-empty, no "
                            "spaces)"),
                  HasSubstr("/code_maps/units/ML: expected a UCUM code"),
                  "/code_maps/units/mg~1hr: duplicate key (keys are compared ignoring case)",
                  HasSubstr("/code_maps/units/: expected a non-empty unit spelling")));
}

TEST(ProfileParse, DuplicateJsonKeys) {
  EXPECT_THAT(
      errors_of(R"({"name": "a", "name": "b", "timestamps": {"without_offset": "reject"}})"),
      ElementsAre("/name: duplicate key"));
  EXPECT_THAT(errors_of(with(R"("identifier_systems": {"NW": "urn:oid:1", "NW": "urn:oid:2"})")),
              ElementsAre("/identifier_systems/NW: duplicate key"));
  EXPECT_THAT(errors_of(with(R"("_comment": "a", "_comment": "b")")), ElementsAre());
}

TEST(ProfileParse, CollectsEveryError) {
  const std::vector<std::string> errors = errors_of(R"({
    "name": "",
    "match": {"sending_application": 1},
    "timestamps": {"without_offset": "assume", "zone": "Mars/Base"},
    "fields": {"order.rate": "RXE-23", "order.dose": "RXE23"},
    "code_maps": {"units": {"MG": "milli grams"}},
    "required": ["PV1-0"],
    "unknown_segments": "drop",
    "extra": true
  })");
  EXPECT_THAT(errors,
              ElementsAre(HasSubstr("/name:"), HasSubstr("/match/sending_application:"),
                          HasSubstr("/timestamps/zone: unknown time zone \"Mars/Base\""),
                          HasSubstr("/fields/order.rate:"), HasSubstr("/fields/order.dose:"),
                          HasSubstr("/code_maps/units/MG:"), HasSubstr("/required/0:"),
                          HasSubstr("/unknown_segments:"), HasSubstr("/extra: unknown key")));
  EXPECT_FALSE(parse("{\"name\": \"\"}").profile);
}

TEST(ProfileParse, InvalidJson) {
  EXPECT_THAT(errors_of("{\"name\": "), ElementsAre(HasSubstr(": invalid JSON at byte 9")));
  EXPECT_THAT(errors_of("[]"), ElementsAre(": expected an object"));
  EXPECT_THAT(errors_of(""), ElementsAre(HasSubstr("invalid JSON at byte 0")));
  EXPECT_THAT(errors_of("{\"name\": \"\xff\"}"), ElementsAre(HasSubstr("invalid JSON")));
  EXPECT_THAT(errors_of(std::string("{\"name\": \"a\"}\0x", 15)),
              ElementsAre(HasSubstr("invalid JSON")));
  // A UTF-8 byte order mark is skipped; error offsets still count it.
  EXPECT_THAT(errors_of("\xEF\xBB\xBF" + with("")), ElementsAre());
  EXPECT_THAT(errors_of("\xEF\xBB\xBF{,"), ElementsAre(HasSubstr("invalid JSON at byte 4")));
  // Comments are accepted, as in gateway.json.
  EXPECT_THAT(errors_of("// c\n" + with("")), ElementsAre());
}

TEST(ProfileParse, DeepNestingDoesNotOverflowTheStack) {
  const size_t depth = 200000;
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  EXPECT_THAT(errors_of(with("\"_comment\": " + deep)), ElementsAre());
  EXPECT_THAT(errors_of(with("\"match\": " + deep)), ElementsAre("/match: expected an object"));
  EXPECT_THAT(errors_of(std::string(depth, '[')), ElementsAre(HasSubstr("invalid JSON")));
}

TEST(ProfileError, ToString) {
  EXPECT_EQ((ProfileError{"config/mappings/epic.json", "/code_maps/units/MG", "expected a string"})
                .to_string(),
            "config/mappings/epic.json: /code_maps/units/MG: expected a string");
  EXPECT_EQ((ProfileError{"a.json", "", "invalid JSON at byte 0: x"}).to_string(),
            "a.json: /: invalid JSON at byte 0: x");
  EXPECT_EQ((ProfileError{"", "/name", "expected a string"}).to_string(),
            "/name: expected a string");
  const ProfileParseResult r = parse_mapping_profile("{}", "config/mappings/x.json", nullptr);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].to_string(),
            "config/mappings/x.json: /name: required: expected a non-empty string");
}

}  // namespace
}  // namespace titrate::profile
