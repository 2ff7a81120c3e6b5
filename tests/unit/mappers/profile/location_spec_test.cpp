#include "mappers/profile/location_spec.h"

#include <gtest/gtest.h>

#include "mappers/profile/field_names.h"

namespace titrate::profile {
namespace {

TEST(ProfileLocationSpec, ValidSpecs) {
  auto s = parse_location_spec("PID-3[2].4.1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->segment, "PID");
  EXPECT_EQ(s->field, 3u);
  EXPECT_EQ(s->repetition, 2u);
  EXPECT_EQ(s->component, 4u);
  EXPECT_EQ(s->subcomponent, 1u);

  s = parse_location_spec("OBX[2]-5");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->occurrence, 2u);
  EXPECT_EQ(s->field, 5u);

  s = parse_location_spec("PV1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->field, 0u);

  for (const char* spec : {"RXE-23", "ZRX-1", "ZRX-1.2", "PV1-19", "MSH-9.2", "Z01-999999"}) {
    EXPECT_TRUE(parse_location_spec(spec)) << spec;
  }
}

TEST(ProfileLocationSpec, MalformedSpecs) {
  for (const char* spec :
       {"",         "RX",       "RX-1",         "rxe-23",     "1XE-2",    "RXE23",
        "RXE-",     "RXE-0",    "RXE-01",       "RXE-23.",    "RXE-23.0", "RXE-23[0]",
        "RXE-23[1", "RXE-23[]", "RXE-23.1.2.3", "RXE-23 ",    " RXE-23",  "RXE-1000000",
        "RXE--1",   "RXE-x",    "RXE[0]-1",     "RXE-23.1[2]"}) {
    EXPECT_FALSE(parse_location_spec(spec)) << spec;
  }
}

TEST(ProfileFieldNames, KnownNames) {
  EXPECT_EQ(known_field_names().size(), 14u);
  EXPECT_TRUE(is_known_field_name("order.dose_rate"));
  EXPECT_TRUE(is_known_field_name("patient.weight"));
  EXPECT_TRUE(is_known_field_name("order.device"));
  EXPECT_FALSE(is_known_field_name("order.rate"));
  EXPECT_FALSE(is_known_field_name("ORDER.DOSE"));
}

}  // namespace
}  // namespace titrate::profile
