#include "gateway/clock/date_time.h"

#include <gtest/gtest.h>

#include "gateway/model/civil_time.h"
#include "gateway/clock/utc_time.h"

namespace titrate::clock {
namespace {

namespace civil = model::civil;

int64_t us_of(const char* text) {
  const std::optional<Instant> instant = parse_date_time(model::DateTime{text});
  EXPECT_TRUE(instant) << text;
  return instant ? instant->us : 0;
}

TEST(DateTime, ParsesOffsetsAndFractions) {
  EXPECT_EQ(us_of("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(us_of("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(us_of("1969-12-31T19:00:00.250-05:00"), 250'000);
  EXPECT_EQ(us_of("1970-01-01T00:00:00.1234567Z"), 123'456);  // beyond microseconds: dropped
  EXPECT_EQ(us_of("2026-11-21T08:30Z"), us_of("2026-11-21T03:30:00-05:00"));
  const std::optional<Instant> t =
      parse_date_time(model::DateTime{"2026-11-21T08:30:00.250-05:00"});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->us, us_of("2026-11-21T13:30:00.25Z"));
  EXPECT_EQ(t->offset_minutes, -300);
  EXPECT_TRUE(t->has_time);
}

TEST(DateTime, ADateWithoutATimeIsTheStartOfThatPeriodInUtc) {
  EXPECT_EQ(us_of("1970-01-02"), int64_t{86'400'000'000});
  EXPECT_EQ(us_of("1970-02"), int64_t{31} * 86'400'000'000);
  EXPECT_EQ(us_of("1971"), int64_t{365} * 86'400'000'000);
  EXPECT_FALSE(parse_date_time(model::DateTime{"2026-11-21"})->has_time);
}

TEST(DateTime, RefusesWhatIsNotAFhirDateTime) {
  for (const char* text : {"", "yesterday", "2026-11-21T08:30:00", "2026-02-30", "2026-13-01",
                           "2026-11-21T24:00Z", "2026-11-21T08:30:00+15:00",
                           "2026-11-21T08:30:00.Z", "2026-11-21T08:30:00Zjunk", "20261121"}) {
    EXPECT_FALSE(parse_date_time(model::DateTime{text})) << text;
  }
}

TEST(DateTime, FormatsInTheGivenOffset) {
  const int64_t t = us_of("2026-11-21T08:30:00.250-05:00");
  EXPECT_EQ(format_date_time(t, -300).value, "2026-11-21T08:30:00.250-05:00");
  EXPECT_EQ(format_date_time(t, 0).value, "2026-11-21T13:30:00.250Z");
  EXPECT_EQ(format_date_time(t, 330).value, "2026-11-21T19:00:00.250+05:30");
  EXPECT_EQ(format_date_time(-1000, 0).value, "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(iso8601_utc(t), "2026-11-21T13:30:00.250Z");
}

TEST(DateTime, LocalDayFollowsTheOffset) {
  const int64_t t = us_of("2026-11-21T08:30:00.250-05:00");
  EXPECT_EQ(local_day(t, -300), local_day(us_of("2026-11-21T00:00:00Z"), 0));
  EXPECT_EQ(local_day(us_of("2026-11-21T03:00:00Z"), -300),
            local_day(us_of("2026-11-20T12:00:00Z"), 0));
  EXPECT_EQ(local_day(-1, 0), -1);
}

TEST(CivilTime, DaysAndDatesRoundTrip) {
  for (int64_t days : {int64_t{-719468}, int64_t{-1}, int64_t{0}, int64_t{59}, int64_t{11017},
                       int64_t{20'778}, int64_t{2'932'896}}) {
    const civil::CivilDate d = civil::civil_from_days(days);
    EXPECT_EQ(civil::days_from_civil(d.year, d.month, d.day), days);
    EXPECT_EQ(civil::year_from_days(days), d.year);
  }
  const civil::CivilDate leap = civil::civil_from_days(civil::days_from_civil(2024, 2, 29));
  EXPECT_EQ(leap.year, 2024);
  EXPECT_EQ(leap.month, 2);
  EXPECT_EQ(leap.day, 29);
}

}  // namespace
}  // namespace titrate::clock
