#include <gtest/gtest.h>

#include <vector>

#include "mappers/inbound/fhir/json_tree.h"
#include "mappers/inbound/fhir/structure_def.h"
#include "mappers/inbound/fhir/validator.h"
#include "mappers/outbound/fhir/detected_issue.h"
#include "mappers/outbound/fhir/device.h"
#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/medication_administration.h"
#include "mappers/outbound/fhir/medication_request_status.h"
#include "mappers/outbound/fhir/observation.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

// Properties every resource the outbound mappers produce must have, over a spread of inputs
// (full events and events with every optional part left out).
namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

std::vector<FhirResource> every_resource() {
  std::vector<FhirResource> out;
  for (const model::SessionState state :
       {model::SessionState::kRunning, model::SessionState::kPaused,
        model::SessionState::kCompleted, model::SessionState::kStopped,
        model::SessionState::kAborted}) {
    model::AdministrationEvent full = running_session();
    full.state = state;
    full.deviations = {"", "Ran 10 min beyond the plan"};
    out.push_back(*map_medication_administration(full));
    model::AdministrationEvent sparse = full;
    sparse.session_id = "session/with spaces";
    sparse.placer = {};
    sparse.visit_number = {};
    sparse.device.clear();
    sparse.rate.reset();
    sparse.dose_rate.reset();
    sparse.started = {};
    sparse.deviations = {""};
    sparse.concentration = {};
    sparse.medication = {};
    sparse.medication.codings.push_back({"", "6130", ""});
    sparse.patient_id = identifier("", "MRN-1");
    out.push_back(*map_medication_administration(sparse));
  }

  model::ObservationEvent no_value = heart_rate();
  no_value.value.reset();
  no_value.session_id.clear();
  no_value.device.clear();
  model::ObservationEvent device_subject = pump_rate_reading();
  device_subject.patient_id = {};
  model::ObservationEvent uncategorized = pump_rate_reading();
  uncategorized.category.clear();
  for (const model::ObservationEvent& o : {heart_rate(), blood_pressure(), pump_rate_reading(),
                                           no_value, device_subject, uncategorized}) {
    out.push_back(map_observation(o));
  }

  model::Alert bare = rate_alert();
  bare.severity.clear();
  bare.message.clear();
  bare.patient_id = {};
  bare.session_id.clear();
  bare.device.clear();
  bare.time = {};
  out.push_back(map_detected_issue(rate_alert()));
  out.push_back(map_detected_issue(bare));

  model::OrderStatusUpdate no_reasons = held_order();
  no_reasons.reasons = {{"", "", "", {}}};
  no_reasons.filler = {};
  out.push_back(map_medication_request_status(held_order()));
  out.push_back(map_medication_request_status(held_order(), ketamine()));
  out.push_back(map_medication_request_status(no_reasons));

  out.push_back(map_device("0012210000000001", "70049"));
  out.push_back(map_device("pump 7", ""));
  return out;
}

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

// Observation and MedicationRequest are types the inbound validator describes: what we emit
// must pass the same structural checks we apply to what we receive.
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
  EXPECT_EQ(validated, 9);
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
