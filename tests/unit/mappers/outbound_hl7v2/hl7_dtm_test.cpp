#include "mappers/outbound/hl7v2/hl7_dtm.h"

#include <gtest/gtest.h>

namespace titrate::outbound::hl7v2 {
namespace {

std::string dtm_of(const char* text) {
  return to_hl7_dtm({text}).value_or("<none>");
}

TEST(RasOrrDtm, KeepsPrecisionAndOffset) {
  EXPECT_EQ(dtm_of("2026-11-21T08:30:00.250-05:00"), "20261121083000.250-0500");
  EXPECT_EQ(dtm_of("2026-11-21T08:30:00Z"), "20261121083000+0000");
  EXPECT_EQ(dtm_of("2026-11-21T08:30:00.123456Z"), "20261121083000.1234+0000");
  EXPECT_EQ(dtm_of("2026-11-21T08:30+01:00"), "202611210830+0100");
  EXPECT_EQ(dtm_of("2026-11-21"), "20261121");
  EXPECT_EQ(dtm_of("2026-11"), "202611");
  EXPECT_EQ(dtm_of("2026"), "2026");
}

TEST(RasOrrDtm, RejectsWhatIsNotADateTime) {
  EXPECT_EQ(dtm_of(""), "<none>");
  EXPECT_EQ(dtm_of("2026-11-21T08:30:00"), "<none>");  // a time needs its offset
  EXPECT_EQ(dtm_of("2026/11/21"), "<none>");
  EXPECT_EQ(dtm_of("2026-11-21T08:30:00.Z"), "<none>");
  EXPECT_EQ(dtm_of("2026-11-21T08:30:00+0500"), "<none>");
  EXPECT_EQ(dtm_of("20261121083000"), "<none>");
}

}  // namespace
}  // namespace titrate::outbound::hl7v2
