#include <gtest/gtest.h>

#include <vector>

#include "mappers/inbound/fhir/json_tree.h"
#include "mappers/inbound/fhir/structure_def.h"
#include "mappers/inbound/fhir/validator.h"
#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/observation.h"
#include "tests/unit/mappers/outbound_fhir/outbound_every_resource.h"

// Properties every resource the outbound mappers produce must have, over a spread of inputs
// (full events and events with every optional part left out: every_resource()).
namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

TEST(OutboundFhirResources, NoEmptyStringArrayOrObjectAnywhere) {
  for (const FhirResource& resource : every_resource()) {
    const rapidjson::Document doc = parse(resource.json);
    EXPECT_EQ(empty_values(doc), "") << resource.json;
  }
}

TEST(OutboundFhirResources, TypeAndIdMatchTheJsonAndIdsAreValid) {
  for (const FhirResource& resource : every_resource()) {
    const rapidjson::Document doc = parse(resource.json);
    EXPECT_EQ(str(doc["resourceType"]), resource.type);
    EXPECT_EQ(str(doc["id"]), resource.id);
    EXPECT_TRUE(is_valid_fhir_id(resource.id)) << resource.id;
  }
}

TEST(OutboundFhirResources, EmptyValueCheckCatchesEmptyValues) {
  EXPECT_EQ(empty_values(parse(R"({"a":"","b":[],"c":{},"d":[{"e":""}],"f":"x"})")),
            "$.a, $.b, $.c, $.d[0].e");
}

// Observation, MedicationRequest, Patient and ServiceRequest are types the inbound validator
// describes: what we emit must pass the same structural checks we apply to what we receive.
TEST(OutboundFhirResources, DescribedTypesPassTheStructuralValidator) {
  int validated = 0;
  for (const FhirResource& resource : every_resource()) {
    if (!inbound::fhir::is_described_resource(resource.type)) continue;
    const inbound::fhir::JsonParseResult parsed =
        inbound::fhir::parse_json(resource.json, 1 << 20, 64);
    ASSERT_EQ(parsed.failure, inbound::fhir::JsonParseResult::Failure::kNone) << parsed.message;
    inbound::fhir::Issues issues;
    inbound::fhir::validate_resource(parsed.root, resource.type, issues);
    for (const model::MappingIssue& issue : issues) {
      ADD_FAILURE() << resource.type << " " << issue.location << ": " << issue.message;
    }
    ++validated;
  }
  EXPECT_EQ(validated, 15);
}

TEST(OutboundFhirResources, StructuralValidatorFlagsAnUnknownElement) {
  std::string json = map_observation(heart_rate()).json;
  json.insert(json.size() - 1, R"(,"rate":1)");
  const inbound::fhir::JsonParseResult parsed = inbound::fhir::parse_json(json, 1 << 20, 64);
  inbound::fhir::Issues issues;
  inbound::fhir::validate_resource(parsed.root, "Observation", issues);
  EXPECT_TRUE(inbound::fhir::has_error(issues));
}

}  // namespace
}  // namespace titrate::outbound::fhir
