#include "dosing/exact.h"

#include <gtest/gtest.h>

#include "dosing/date_time.h"
#include "tests/unit/dosing/dosing_test_support.h"

namespace titrate::dosing::test {
namespace {

TEST(Exact, ArithmeticStaysExactAndRoundsHalfAwayFromZero) {
  const Exact third = Exact::of(1) / Exact::of(3);
  EXPECT_EQ(*(third * Exact::of(3)).round(0, 0), dec("1"));
  EXPECT_EQ(*third.round(2, 0), dec("0.33"));
  EXPECT_EQ(*(Exact::of(dec("36.65")).round(1, 1)), dec("36.7"));
  EXPECT_EQ(*(Exact::of(dec("-36.65")).round(1, 1)), dec("-36.7"));
  EXPECT_EQ(*(Exact::of(dec("60")).round(1, 1)), dec("60.0"));
  EXPECT_EQ(*(Exact::of(dec("40.00")).round(2, 0)), dec("40"));
  EXPECT_TRUE(Exact::of(dec("0.1")) + Exact::of(dec("0.2")) == Exact::of(dec("0.3")));
  EXPECT_TRUE(Exact::of(dec("0.75")) < Exact::of(dec("0.76")));
  EXPECT_FALSE((Exact::of(1) / Exact::of(0)).valid());
}

TEST(DateTime, ParsesFhirDateTimes) {
  EXPECT_EQ(parse_instant(model::DateTime{"1970-01-02"})->us, 86'400'000'000);
  const auto t = parse_instant(model::DateTime{"2026-11-21T08:30:00.250-05:00"});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->us, at("2026-11-21T13:30:00.25Z"));
  EXPECT_EQ(t->offset_minutes, -300);
  EXPECT_FALSE(parse_instant(model::DateTime{"2026-11-21T08:30:00"}));  // no offset
  EXPECT_FALSE(parse_instant(model::DateTime{"2026-02-30"}));
  EXPECT_EQ(format_instant(t->us, -300).value, "2026-11-21T08:30:00.250-05:00");
  EXPECT_EQ(format_instant(t->us, 0).value, "2026-11-21T13:30:00.250Z");
  EXPECT_EQ(local_day(t->us, -300), local_day(at("2026-11-21T00:00:00Z"), 0));
  EXPECT_EQ(local_day(at("2026-11-21T03:00:00Z"), -300), local_day(at("2026-11-20T12:00:00Z"), 0));
}

}  // namespace
}  // namespace titrate::dosing::test
