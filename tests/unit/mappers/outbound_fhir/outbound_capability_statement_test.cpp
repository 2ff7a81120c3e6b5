#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <sstream>
#include <string>

#include "connectors/fhir/fhir_search_query.h"
#include "mappers/validation/fhir_validator.h"

// fhir-profiles/CapabilityStatement-titrate.json (served at /fhir/metadata) against what the
// FHIR API and the profiles really offer: every declared search parameter parses for its type,
// every searchable type is searchable, and every supportedProfile is a loaded profile.
namespace titrate::outbound::fhir {
namespace {

const std::string kProfilesDir = std::string(TITRATE_CONFIG_DIR) + "/../fhir-profiles";

rapidjson::Document capability_statement() {
  std::ifstream file(kProfilesDir + "/CapabilityStatement-titrate.json");
  std::stringstream text;
  text << file.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  EXPECT_FALSE(doc.HasParseError());
  return doc;
}

std::string value_for(std::string_view type) {
  if (type == "date") return "ge2026-11-21";
  if (type == "number") return "10";
  if (type == "string" || type == "reference" || type == "token") return "x";
  return "?";
}

bool has_interaction(const rapidjson::Value& resource, std::string_view code) {
  for (const auto& interaction : resource["interaction"].GetArray()) {
    if (interaction["code"].GetString() == code) return true;
  }
  return false;
}

TEST(OutboundCapabilityStatement, IsAnR4ServerStatement) {
  const rapidjson::Document cs = capability_statement();
  EXPECT_STREQ(cs["resourceType"].GetString(), "CapabilityStatement");
  EXPECT_STREQ(cs["kind"].GetString(), "instance");
  EXPECT_STREQ(cs["fhirVersion"].GetString(), "4.0.1");
  EXPECT_STREQ(cs["software"]["name"].GetString(), "Titrate");
  EXPECT_STREQ(cs["format"][0].GetString(), "json");
  ASSERT_EQ(cs["rest"].Size(), 1u);
  EXPECT_STREQ(cs["rest"][0]["mode"].GetString(), "server");
}

TEST(OutboundCapabilityStatement, EveryDeclaredSearchParameterIsServed) {
  const rapidjson::Document cs = capability_statement();
  int checked = 0;
  for (const auto& resource : cs["rest"][0]["resource"].GetArray()) {
    const std::string type = resource["type"].GetString();
    EXPECT_EQ(titrate::fhir::fhir_type_searchable(type), has_interaction(resource, "search-type"))
        << type;
    if (!resource.HasMember("searchParam")) continue;
    for (const auto& param : resource["searchParam"].GetArray()) {
      const std::string name = param["name"].GetString();
      const std::string value =
          name == "_sort" ? "-_lastUpdated" : value_for(param["type"].GetString());
      const titrate::fhir::SearchQueryResult parsed =
          titrate::fhir::parse_search_query(type, name + "=" + value);
      EXPECT_TRUE(parsed.query.has_value())
          << type << "?" << name << "=" << value << ": " << parsed.error;
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
}

TEST(OutboundCapabilityStatement, AnUndeclaredParameterIsRefusedByTheApi) {
  // The check above can fail: the API refuses what it does not serve.
  EXPECT_FALSE(titrate::fhir::parse_search_query("Observation", "nonsense=x").query.has_value());
}

TEST(OutboundCapabilityStatement, EverySupportedProfileIsLoaded) {
  const validation::FhirValidator validator = validation::FhirValidator::load(kProfilesDir);
  const rapidjson::Document cs = capability_statement();
  int profiles = 0;
  for (const auto& resource : cs["rest"][0]["resource"].GetArray()) {
    if (!resource.HasMember("supportedProfile")) continue;
    for (const auto& profile : resource["supportedProfile"].GetArray()) {
      EXPECT_TRUE(validator.has_profile(profile.GetString())) << profile.GetString();
      ++profiles;
    }
  }
  EXPECT_EQ(profiles, 6);
}

}  // namespace
}  // namespace titrate::outbound::fhir
