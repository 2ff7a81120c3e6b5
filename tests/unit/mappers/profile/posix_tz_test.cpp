#include "mappers/profile/posix_tz.h"

#include <gtest/gtest.h>

#include "gateway/model/civil_time.h"

namespace titrate::profile {
namespace {

int64_t at(int64_t y, int mo, int d, int h = 0, int mi = 0) {
  return model::civil::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

int minutes(const PosixTimeZone& tz, int64_t utc) {
  return tz.offset_at_utc(utc) / 60;
}

TEST(TimeZonePosix, StandardTimeOnly) {
  const auto tz = PosixTimeZone::parse("<+0530>-5:30");
  ASSERT_TRUE(tz);
  EXPECT_FALSE(tz->has_dst());
  EXPECT_EQ(minutes(*tz, at(2050, 6, 1)), 330);
  const auto utc = PosixTimeZone::parse("UTC0");
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->offset_at_utc(at(2050, 6, 1)), 0);
}

TEST(TimeZonePosix, MonthWeekDayRule) {
  const auto tz = PosixTimeZone::parse("CST6CDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(tz);
  EXPECT_EQ(tz->std_offset(), -6 * 3600);
  // 2041: second Sunday of March is the 10th, first Sunday of November the 3rd.
  EXPECT_EQ(minutes(*tz, at(2041, 3, 10, 8) - 1), -360);
  EXPECT_EQ(minutes(*tz, at(2041, 3, 10, 8)), -300);
  EXPECT_EQ(minutes(*tz, at(2041, 11, 3, 7) - 1), -300);
  EXPECT_EQ(minutes(*tz, at(2041, 11, 3, 7)), -360);
}

TEST(TimeZonePosix, LastWeekAndExplicitTimes) {
  // Europe/London: last Sunday of March 01:00 GMT, last Sunday of October 02:00 BST.
  const auto tz = PosixTimeZone::parse("GMT0BST,M3.5.0/1,M10.5.0");
  ASSERT_TRUE(tz);
  EXPECT_EQ(minutes(*tz, at(2042, 3, 30, 1) - 1), 0);
  EXPECT_EQ(minutes(*tz, at(2042, 3, 30, 1)), 60);
  EXPECT_EQ(minutes(*tz, at(2042, 10, 26, 1) - 1), 60);
  EXPECT_EQ(minutes(*tz, at(2042, 10, 26, 1)), 0);
}

TEST(TimeZonePosix, SouthernHemisphere) {
  const auto tz = PosixTimeZone::parse("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(tz);
  EXPECT_EQ(minutes(*tz, at(2045, 1, 15)), 660);
  EXPECT_EQ(minutes(*tz, at(2045, 7, 15)), 600);
  EXPECT_EQ(minutes(*tz, at(2045, 12, 31, 23)), 660);
}

TEST(TimeZonePosix, NegativeRuleTimes) {
  // America/Nuuk since 2023: changes at -01:00 and 00:00 local, i.e. 01:00 UTC.
  const auto tz = PosixTimeZone::parse("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  ASSERT_TRUE(tz);
  EXPECT_EQ(minutes(*tz, at(2040, 3, 25, 1) - 1), -120);
  EXPECT_EQ(minutes(*tz, at(2040, 3, 25, 1)), -60);
  EXPECT_EQ(minutes(*tz, at(2040, 10, 28, 1) - 1), -60);
  EXPECT_EQ(minutes(*tz, at(2040, 10, 28, 1)), -120);
}

TEST(TimeZonePosix, JulianForms) {
  // Jn never counts February 29: J60 is March 1 in every year.
  const auto j = PosixTimeZone::parse("AAA3BBB,J60/0,J300/0");
  ASSERT_TRUE(j);
  EXPECT_EQ(minutes(*j, at(2044, 3, 1, 3) - 1), -180);
  EXPECT_EQ(minutes(*j, at(2044, 3, 1, 3)), -120);
  // n counts from 0 and includes February 29: day 60 of 2044 is March 1, of 2043 March 2.
  const auto n = PosixTimeZone::parse("AAA3BBB,60/0,300/0");
  ASSERT_TRUE(n);
  EXPECT_EQ(minutes(*n, at(2044, 3, 1, 3)), -120);
  EXPECT_EQ(minutes(*n, at(2043, 3, 2, 3) - 1), -180);
  EXPECT_EQ(minutes(*n, at(2043, 3, 2, 3)), -120);
}

TEST(TimeZonePosix, DaylightTimeAllYear) {
  // RFC 8536 §3.3.1: permanent daylight time.
  const auto tz = PosixTimeZone::parse("EST5EDT,0/0,J365/25");
  ASSERT_TRUE(tz);
  for (int64_t t : {at(2040, 1, 1), at(2040, 1, 1, 4, 30), at(2040, 6, 1), at(2040, 12, 31, 23),
                    at(2041, 1, 1, 5, 30)}) {
    EXPECT_EQ(minutes(*tz, t), -240) << t;
  }
}

TEST(TimeZonePosix, DefaultDstOffsetAndRule) {
  const auto tz = PosixTimeZone::parse("EST5EDT");
  ASSERT_TRUE(tz);
  EXPECT_EQ(minutes(*tz, at(2040, 1, 15)), -300);
  EXPECT_EQ(minutes(*tz, at(2040, 7, 15)), -240);
}

TEST(TimeZonePosix, MalformedStringsAreRefused) {
  for (const char* text :
       {"", "CST", "C6", "CST6CDT,M13.1.0,M11.1.0", "CST6CDT,M3.2.0", "CST6CDT,M3.6.0,M11.1.0",
        "CST6CDT,M3.2.7,M11.1.0", "CST6CDT,J0,J300", "CST6CDT,M3.2.0,M11.1.0x",
        "CST6CDT,M3.2.0/168,M11.1.0", "<AB>3", "CST25", "CST6CDT,,", "CST6CDT5x"}) {
    EXPECT_FALSE(PosixTimeZone::parse(text)) << text;
  }
}

}  // namespace
}  // namespace titrate::profile
