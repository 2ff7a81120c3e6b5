#include "mappers/profile/time_zone.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "gateway/model/civil_time.h"
#include "tests/unit/mappers/profile/tzif_builder.h"

namespace titrate::profile {
namespace {

namespace civil = model::civil;

// Seconds since 1970 of a civil date-time (UTC or local, depending on the use).
int64_t at(int64_t y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return civil::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

std::optional<std::string> system_zone_bytes(const std::string& name) {
  const std::string path = "/usr/share/zoneinfo/" + name;
  if (!std::filesystem::is_regular_file(path)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

#define LOAD_ZONE_OR_SKIP(var, name)                                           \
  const std::optional<std::string> var##_bytes = system_zone_bytes(name);      \
  if (!var##_bytes) GTEST_SKIP() << "no /usr/share/zoneinfo/" << (name);       \
  const std::optional<TimeZone> var = TimeZone::from_tzif(*var##_bytes, name); \
  ASSERT_TRUE(var.has_value())

TEST(TimeZoneCivil, DaysWeekdaysAndYears) {
  EXPECT_EQ(civil::days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(civil::days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(civil::days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(civil::weekday_from_days(0), 4);  // Thursday
  EXPECT_EQ(civil::weekday_from_days(-1), 3);
  EXPECT_EQ(civil::weekday_from_days(civil::days_from_civil(2040, 3, 11)), 0);  // Sunday
  EXPECT_EQ(civil::year_from_days(civil::days_from_civil(2040, 12, 31)), 2040);
  EXPECT_EQ(civil::year_from_days(civil::days_from_civil(2041, 1, 1)), 2041);
  EXPECT_EQ(civil::year_from_days(civil::days_from_civil(1600, 2, 29)), 1600);
  EXPECT_EQ(civil::year_from_days(-1), 1969);
}

TEST(TimeZoneFixed, DefaultIsUtc) {
  const TimeZone utc;
  EXPECT_EQ(utc.name(), "UTC");
  EXPECT_EQ(utc.offset_at_utc(at(2024, 7, 1)), 0);
  EXPECT_EQ(utc.offset_at_local(at(2024, 7, 1)), 0);
}

TEST(TimeZoneFixed, FixedOffset) {
  const TimeZone zone = TimeZone::fixed(330, "+05:30");
  EXPECT_EQ(zone.name(), "+05:30");
  EXPECT_EQ(zone.offset_at_utc(at(2024, 1, 1)), 330);
  EXPECT_EQ(zone.offset_at_utc(at(1900, 7, 1)), 330);
  EXPECT_EQ(zone.offset_at_local(at(2040, 7, 1, 12)), 330);
  EXPECT_EQ(TimeZone::fixed(-360, "-06:00").offset_at_local(0), -360);
}

TEST(TimeZoneTzif, ChicagoWinterAndSummer) {
  LOAD_ZONE_OR_SKIP(chicago, "America/Chicago");
  EXPECT_EQ(chicago->name(), "America/Chicago");
  EXPECT_EQ(chicago->offset_at_utc(at(2024, 1, 15, 12)), -360);
  EXPECT_EQ(chicago->offset_at_utc(at(2024, 7, 15, 12)), -300);
  EXPECT_EQ(chicago->offset_at_local(at(2024, 1, 15, 6)), -360);
  EXPECT_EQ(chicago->offset_at_local(at(2024, 7, 15, 7)), -300);
}

TEST(TimeZoneTzif, ChicagoTransitionInstants) {
  LOAD_ZONE_OR_SKIP(chicago, "America/Chicago");
  // 2024-03-10 02:00 CST = 08:00Z; 2024-11-03 02:00 CDT = 07:00Z.
  EXPECT_EQ(chicago->offset_at_utc(at(2024, 3, 10, 8) - 1), -360);
  EXPECT_EQ(chicago->offset_at_utc(at(2024, 3, 10, 8)), -300);
  EXPECT_EQ(chicago->offset_at_utc(at(2024, 11, 3, 7) - 1), -300);
  EXPECT_EQ(chicago->offset_at_utc(at(2024, 11, 3, 7)), -360);
}

TEST(TimeZoneTzif, ChicagoIn2040FollowsTheFooterRule) {
  LOAD_ZONE_OR_SKIP(chicago, "America/Chicago");
  EXPECT_EQ(chicago->offset_at_utc(at(2040, 1, 15, 12)), -360);
  EXPECT_EQ(chicago->offset_at_utc(at(2040, 7, 15, 12)), -300);
  // Second Sunday of March 2040 is the 11th, first Sunday of November the 4th.
  EXPECT_EQ(chicago->offset_at_utc(at(2040, 3, 11, 8) - 1), -360);
  EXPECT_EQ(chicago->offset_at_utc(at(2040, 3, 11, 8)), -300);
  EXPECT_EQ(chicago->offset_at_utc(at(2040, 11, 4, 7) - 1), -300);
  EXPECT_EQ(chicago->offset_at_utc(at(2040, 11, 4, 7)), -360);
  EXPECT_EQ(chicago->offset_at_local(at(2040, 3, 11, 2, 30)), -360);  // gap
  EXPECT_EQ(chicago->offset_at_local(at(2040, 11, 4, 1, 30)), -300);  // overlap
  EXPECT_EQ(chicago->offset_at_utc(at(2100, 7, 1)), -300);
}

TEST(TimeZoneTzif, ChicagoSpringForwardGap) {
  LOAD_ZONE_OR_SKIP(chicago, "America/Chicago");
  EXPECT_EQ(chicago->offset_at_local(at(2024, 3, 10, 1, 59, 59)), -360);
  // 02:00-02:59 does not exist: the offset before the change (CST) applies.
  EXPECT_EQ(chicago->offset_at_local(at(2024, 3, 10, 2, 0)), -360);
  EXPECT_EQ(chicago->offset_at_local(at(2024, 3, 10, 2, 30)), -360);
  EXPECT_EQ(chicago->offset_at_local(at(2024, 3, 10, 3, 0)), -300);
}

TEST(TimeZoneTzif, ChicagoFallBackOverlap) {
  LOAD_ZONE_OR_SKIP(chicago, "America/Chicago");
  EXPECT_EQ(chicago->offset_at_local(at(2024, 11, 3, 0, 59)), -300);
  // 01:00-01:59 happens twice: the offset before the change (CDT) applies.
  EXPECT_EQ(chicago->offset_at_local(at(2024, 11, 3, 1, 0)), -300);
  EXPECT_EQ(chicago->offset_at_local(at(2024, 11, 3, 1, 30)), -300);
  EXPECT_EQ(chicago->offset_at_local(at(2024, 11, 3, 2, 0)), -360);
}

TEST(TimeZoneTzif, Kolkata) {
  LOAD_ZONE_OR_SKIP(kolkata, "Asia/Kolkata");
  EXPECT_EQ(kolkata->offset_at_utc(at(2024, 1, 1)), 330);
  EXPECT_EQ(kolkata->offset_at_utc(at(2024, 7, 1)), 330);
  EXPECT_EQ(kolkata->offset_at_utc(at(2045, 7, 1)), 330);
  EXPECT_EQ(kolkata->offset_at_local(at(2024, 3, 10, 2, 30)), 330);
}

TEST(TimeZoneTzif, London) {
  LOAD_ZONE_OR_SKIP(london, "Europe/London");
  EXPECT_EQ(london->offset_at_utc(at(2024, 1, 15)), 0);
  EXPECT_EQ(london->offset_at_utc(at(2024, 7, 15)), 60);
  // Last Sunday of March 2024 (31st) 01:00Z; last Sunday of October (27th) 01:00Z.
  EXPECT_EQ(london->offset_at_utc(at(2024, 3, 31, 1) - 1), 0);
  EXPECT_EQ(london->offset_at_utc(at(2024, 3, 31, 1)), 60);
  EXPECT_EQ(london->offset_at_utc(at(2024, 10, 27, 1) - 1), 60);
  EXPECT_EQ(london->offset_at_utc(at(2024, 10, 27, 1)), 0);
  EXPECT_EQ(london->offset_at_local(at(2024, 3, 31, 1, 30)), 0);    // gap
  EXPECT_EQ(london->offset_at_local(at(2024, 10, 27, 1, 30)), 60);  // overlap
  EXPECT_EQ(london->offset_at_utc(at(2050, 7, 1)), 60);
  // British Standard Time: UTC+1 all year from 1968-10-27 to 1971-10-31.
  EXPECT_EQ(london->offset_at_utc(at(1970, 1, 15)), 60);
}

TEST(TimeZoneTzif, ExtremeInstants) {
  LOAD_ZONE_OR_SKIP(chicago, "America/Chicago");
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(chicago->offset_at_utc(kMin), chicago->offset_at_utc(kMin + 1));
  EXPECT_GE(chicago->offset_at_utc(kMax), -360);
  EXPECT_GE(chicago->offset_at_local(kMin), -360);
  EXPECT_GE(chicago->offset_at_local(kMax), -360);
  EXPECT_EQ(TimeZone().offset_at_local(kMax), 0);
}

TEST(TimeZoneTzif, InvalidBytesAreRefused) {
  EXPECT_FALSE(TimeZone::from_tzif("", "X"));
  EXPECT_FALSE(TimeZone::from_tzif("TZif", "X"));
  EXPECT_FALSE(TimeZone::from_tzif("not a time zone file at all, not even close to one!!", "X"));
  EXPECT_FALSE(TimeZone::from_tzif(std::string(200, '\0'), "X"));
  const std::string good = test::make_tzif({'2', {0}, {1}, {-21600, -18000}, "CST6"});
  ASSERT_TRUE(TimeZone::from_tzif(good, "X"));
  for (size_t cut : {size_t{10}, size_t{44}, size_t{60}, good.size() - 1}) {
    EXPECT_FALSE(TimeZone::from_tzif(good.substr(0, cut), "X")) << "cut at " << cut;
  }
  std::string bad_version = good;
  bad_version[4] = '1';
  EXPECT_FALSE(TimeZone::from_tzif(bad_version, "X"));
  std::string bad_magic = good;
  bad_magic[0] = 't';
  EXPECT_FALSE(TimeZone::from_tzif(bad_magic, "X"));
}

TEST(TimeZoneTzif, InconsistentDataIsRefused) {
  // A type index out of range.
  EXPECT_FALSE(TimeZone::from_tzif(test::make_tzif({'2', {0}, {2}, {0, 3600}, ""}), "X"));
  // Transitions out of order.
  EXPECT_FALSE(TimeZone::from_tzif(test::make_tzif({'2', {100, 50}, {0, 1}, {0, 3600}, ""}), "X"));
  // No local time types.
  EXPECT_FALSE(TimeZone::from_tzif(test::make_tzif({'2', {}, {}, {}, ""}), "X"));
  // An offset beyond ±26 hours.
  EXPECT_FALSE(TimeZone::from_tzif(test::make_tzif({'2', {}, {}, {100000}, ""}), "X"));
  // A footer that is not a POSIX TZ string.
  EXPECT_FALSE(TimeZone::from_tzif(test::make_tzif({'2', {}, {}, {0}, "Mars"}), "X"));
  // Version 2 without the footer's closing newline.
  std::string no_newline = test::make_tzif({'2', {}, {}, {0}, "UTC0"});
  no_newline.pop_back();
  EXPECT_FALSE(TimeZone::from_tzif(no_newline, "X"));
}

TEST(TimeZoneTzif, VersionOneUsesThe32BitData) {
  const std::string bytes = test::make_tzif({0, {at(2000, 1, 1)}, {1}, {3600, 7200}, ""});
  const std::optional<TimeZone> zone = TimeZone::from_tzif(bytes, "V1");
  ASSERT_TRUE(zone);
  EXPECT_EQ(zone->offset_at_utc(at(1999, 6, 1)), 60);
  EXPECT_EQ(zone->offset_at_utc(at(2000, 1, 1)), 120);
  EXPECT_EQ(zone->offset_at_utc(at(2040, 1, 1)), 120);  // no footer: the last type stays
}

TEST(TimeZoneTzif, Version3FooterWithoutTransitions) {
  // A slim file: no transitions, the footer decides everything.
  const std::string bytes = test::make_tzif({'3', {}, {}, {-18000}, "EST5EDT,M3.2.0,M11.1.0"});
  const std::optional<TimeZone> zone = TimeZone::from_tzif(bytes, "Slim");
  ASSERT_TRUE(zone);
  EXPECT_EQ(zone->offset_at_utc(at(2030, 1, 10)), -300);
  EXPECT_EQ(zone->offset_at_utc(at(2030, 7, 10)), -240);
  EXPECT_EQ(zone->offset_at_local(at(2030, 3, 10, 2, 30)), -300);  // gap
  EXPECT_EQ(zone->offset_at_local(at(2030, 11, 3, 1, 30)), -240);  // overlap
}

TEST(TimeZoneTzif, VersionTwoPrefersThe64BitData) {
  // The 32-bit block cannot hold 2100; the 64-bit block must be the one read.
  const std::string bytes = test::make_tzif({'2', {at(2100, 1, 1)}, {1}, {0, 3600}, ""});
  const std::optional<TimeZone> zone = TimeZone::from_tzif(bytes, "Wide");
  ASSERT_TRUE(zone);
  EXPECT_EQ(zone->offset_at_utc(at(2099, 12, 31)), 0);
  EXPECT_EQ(zone->offset_at_utc(at(2100, 1, 1)), 60);
}

}  // namespace
}  // namespace titrate::profile
