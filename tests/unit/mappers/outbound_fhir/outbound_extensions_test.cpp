#include <gtest/gtest.h>

#include "mappers/outbound/fhir/extensions.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

template <typename Write>
rapidjson::Document written(Write write) {
  ResourceWriter w("MedicationRequest", "x");
  w.key("extension");
  w.start_array();
  write(w);
  w.end_array();
  return parse(w.finish());
}

TEST(OutboundExtensions, CareArea) {
  const rapidjson::Document doc =
      written([](ResourceWriter& w) { write_care_area(w, "chronic-pain"); });
  EXPECT_EQ(str(doc["extension"][0]["url"]),
            "http://fhir.titrate.dev/StructureDefinition/care-area");
  EXPECT_EQ(str(doc["extension"][0]["valueCode"]), "chronic-pain");
}

// The shape the inbound MedicationRequest mapper reads: reason valueString, author
// valueReference, time valueDateTime.
TEST(OutboundExtensions, DosingLimitOverrideHasReasonAuthorAndTime) {
  model::LimitOverride override_by;
  override_by.reason = "Benefit outweighs risk";
  override_by.by.identifier = identifier("http://hospital.example/staff", "DR-5");
  override_by.by.name.family = "House";
  override_by.time = {"2026-11-21T07:30:00-05:00"};
  const rapidjson::Document doc =
      written([&](ResourceWriter& w) { write_dosing_limit_override(w, override_by); });
  const auto& ext = doc["extension"][0];
  EXPECT_EQ(str(ext["url"]), "http://fhir.titrate.dev/StructureDefinition/dosing-limit-override");
  ASSERT_EQ(ext["extension"].Size(), 3u);
  EXPECT_EQ(str(ext["extension"][0]["url"]), "reason");
  EXPECT_EQ(str(ext["extension"][0]["valueString"]), "Benefit outweighs risk");
  EXPECT_EQ(str(ext["extension"][1]["url"]), "author");
  EXPECT_EQ(str(ext["extension"][1]["valueReference"]["type"]), "Practitioner");
  EXPECT_EQ(str(ext["extension"][1]["valueReference"]["identifier"]["value"]), "DR-5");
  EXPECT_EQ(str(ext["extension"][1]["valueReference"]["display"]), "House");
  EXPECT_EQ(str(ext["extension"][2]["url"]), "time");
  EXPECT_EQ(str(ext["extension"][2]["valueDateTime"]), "2026-11-21T07:30:00-05:00");
}

TEST(OutboundExtensions, DosingLimitOverrideLeavesOutUnknownAuthorAndTime) {
  model::LimitOverride override_by;
  override_by.reason = "Benefit outweighs risk";
  const rapidjson::Document doc =
      written([&](ResourceWriter& w) { write_dosing_limit_override(w, override_by); });
  ASSERT_EQ(doc["extension"][0]["extension"].Size(), 1u);
  EXPECT_EQ(str(doc["extension"][0]["extension"][0]["url"]), "reason");
}

}  // namespace
}  // namespace titrate::outbound::fhir
