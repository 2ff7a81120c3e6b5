#include <gtest/gtest.h>

#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/fhir_resource.h"

namespace titrate::outbound::fhir {
namespace {

TEST(OutboundFhirId, ValidIdIsKeptAsIs) {
  EXPECT_EQ(safe_fhir_id("sess-4711.2"), "sess-4711.2");
  EXPECT_EQ(safe_fhir_id(std::string(64, 'a')), std::string(64, 'a'));
}

TEST(OutboundFhirId, InvalidCharactersAreReplacedAndHashed) {
  const std::string id = safe_fhir_id("ORD^77|pump 1");
  EXPECT_TRUE(is_valid_fhir_id(id)) << id;
  EXPECT_EQ(id.substr(0, 14), "ORD-77-pump-1-");
  EXPECT_EQ(id.size(), 14u + 16u);
}

TEST(OutboundFhirId, IsDeterministicAndDistinguishesIdsThatSanitizeAlike) {
  EXPECT_EQ(safe_fhir_id("a^b"), safe_fhir_id("a^b"));
  EXPECT_NE(safe_fhir_id("a^b"), safe_fhir_id("a|b"));
  EXPECT_NE(safe_fhir_id("a^b"), "a-b");
}

TEST(OutboundFhirId, LongIdsAreCutToSixtyFourCharacters) {
  const std::string long_id(100, 'x');
  const std::string id = safe_fhir_id(long_id);
  EXPECT_EQ(id.size(), 64u);
  EXPECT_TRUE(is_valid_fhir_id(id));
  EXPECT_NE(id, safe_fhir_id(std::string(101, 'x')));
}

TEST(OutboundFhirId, NonAsciiIsReplaced) {
  const std::string id = safe_fhir_id("séance");
  EXPECT_TRUE(is_valid_fhir_id(id)) << id;
}

TEST(OutboundFhirId, EmptyIdThrows) {
  EXPECT_THROW(safe_fhir_id(""), OutboundFhirError);
  EXPECT_FALSE(is_valid_fhir_id(""));
  EXPECT_FALSE(is_valid_fhir_id("a b"));
  EXPECT_FALSE(is_valid_fhir_id(std::string(65, 'a')));
}

TEST(OutboundFhirId, HashedIdKeepsNothingOfTheText) {
  const std::string id = hashed_fhir_id("pat", "urn:x|MRN4711");
  EXPECT_EQ(id.substr(0, 4), "pat-");
  EXPECT_EQ(id.size(), 4u + 16u);
  EXPECT_EQ(id.find("4711"), std::string::npos);
  EXPECT_TRUE(is_valid_fhir_id(id));
  EXPECT_EQ(id, hashed_fhir_id("pat", "urn:x|MRN4711"));
  EXPECT_NE(id, hashed_fhir_id("pat", "urn:x|MRN4712"));
  EXPECT_THROW(hashed_fhir_id("pat", ""), OutboundFhirError);
}

}  // namespace
}  // namespace titrate::outbound::fhir
