#include <gtest/gtest.h>

#include "mappers/outbound/fhir/device.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

namespace titrate::outbound::fhir {
namespace {

using namespace test_support;

TEST(OutboundDevice, PumpWithEui64AndKind) {
  const FhirResource resource = map_device("0012210000000001", "70049");
  EXPECT_EQ(resource.type, "Device");
  EXPECT_EQ(resource.id, "0012210000000001");
  const rapidjson::Document doc = parse(resource.json);
  EXPECT_EQ(str(doc["resourceType"]), "Device");
  ASSERT_EQ(doc["meta"]["profile"].Size(), 1u);
  EXPECT_EQ(str(doc["meta"]["profile"][0]),
            "http://fhir.titrate.dev/StructureDefinition/titrate-device");
  EXPECT_EQ(str(doc["identifier"][0]["system"]), "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680");
  EXPECT_EQ(str(doc["identifier"][0]["value"]), "0012210000000001");
  EXPECT_EQ(str(doc["status"]), "active");
  EXPECT_EQ(str(doc["type"]["coding"][0]["system"]), "urn:iso:std:iso:11073:10101");
  EXPECT_EQ(str(doc["type"]["coding"][0]["code"]), "70049");
  EXPECT_EQ(str(doc["type"]["coding"][0]["display"]), "MDC_DEV_PUMP_INFUS_LVP_MDS");
}

TEST(OutboundDevice, IdentifierSystemByShapeOfTheId) {
  EXPECT_EQ(device_identifier("00-12-21-00-00-00-00-01").system,
            "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680");
  EXPECT_EQ(device_identifier("00:12:21:00:00:00:00:0a").system,
            "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680");
  EXPECT_EQ(device_identifier("PUMP-3W-02").system, "http://fhir.titrate.dev/sid/device");
  EXPECT_EQ(device_identifier("001221000000000").system, "http://fhir.titrate.dev/sid/device");
  EXPECT_EQ(device_identifier("0012210000000001-").system, "http://fhir.titrate.dev/sid/device");
  EXPECT_EQ(device_identifier("001221000000000g").system, "http://fhir.titrate.dev/sid/device");
}

TEST(OutboundDevice, UnknownKindHasNoDisplayAndEmptyKindNoType) {
  const rapidjson::Document unknown = parse(map_device("PUMP-1", "99999").json);
  EXPECT_EQ(str(unknown["type"]["coding"][0]["code"]), "99999");
  EXPECT_FALSE(unknown["type"]["coding"][0].HasMember("display"));
  const rapidjson::Document none = parse(map_device("PUMP-1", "").json);
  EXPECT_FALSE(none.HasMember("type"));
}

TEST(OutboundDevice, IdIsSafeAndEmptyDeviceThrows) {
  EXPECT_EQ(map_device("pump 1", "").id.substr(0, 7), "pump-1-");
  EXPECT_THROW(map_device("", "70049"), OutboundFhirError);
}

}  // namespace
}  // namespace titrate::outbound::fhir
