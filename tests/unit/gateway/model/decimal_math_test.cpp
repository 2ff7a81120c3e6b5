#include "gateway/model/decimal_math.h"

#include <gtest/gtest.h>

namespace titrate::decimal {
namespace {

using model::Decimal;

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

TEST(Exact, ArithmeticStaysExactAndRoundsHalfAwayFromZero) {
  const Exact third = Exact::of(1) / Exact::of(3);
  EXPECT_EQ(*(third * Exact::of(3)).round(0, 0), dec("1"));
  EXPECT_EQ(*third.round(2, 0), dec("0.33"));
  EXPECT_EQ(*(Exact::of(dec("36.65")).round(1, 1)), dec("36.7"));
  EXPECT_EQ(*(Exact::of(dec("-36.65")).round(1, 1)), dec("-36.7"));
  EXPECT_EQ(*(Exact::of(dec("60")).round(1, 1)), dec("60.0"));
  EXPECT_EQ(*(Exact::of(dec("40.00")).round(2, 0)), dec("40"));
  EXPECT_TRUE(Exact::of(dec("0.1")) + Exact::of(dec("0.2")) == Exact::of(dec("0.3")));
  EXPECT_TRUE(Exact::of(dec("0.3")) - Exact::of(dec("0.1")) == Exact::of(dec("0.2")));
  EXPECT_TRUE(Exact::of(dec("0.75")) < Exact::of(dec("0.76")));
  EXPECT_FALSE((Exact::of(1) / Exact::of(0)).valid());
  EXPECT_FALSE((Exact::of(1) / Exact::of(0)).round(2, 0));
}

TEST(Exact, RoundingDropsTrailingZerosOnlyToFitADecimal) {
  // 10^17 at two decimals needs 20 digits: the zeros after the point go so that it fits.
  const Exact big = Exact::of(100'000'000'000'000'000);
  EXPECT_EQ(big.round(2, 2), (Decimal{100'000'000'000'000'000, 0}));
  EXPECT_FALSE((big + Exact::of(dec("0.1"))).round(2, 2));
  EXPECT_FALSE(Exact::of(dec("1.5")).round(-1, 0));
}

TEST(DecimalMath, CompareAndArithmetic) {
  EXPECT_EQ(compare(Decimal{660, 1}, Decimal{66, 0}), 0);
  EXPECT_EQ(compare(Decimal{661, 1}, Decimal{66, 0}), 1);
  EXPECT_EQ(compare(Decimal{-1, 0}, Decimal{0, 3}), -1);
  EXPECT_EQ(add(Decimal{15, 1}, Decimal{25, 2})->to_string(), "1.75");
  EXPECT_EQ(add(Decimal{15, 1}, Decimal{5, 1})->to_string(), "2.0");  // keeps the scale
  EXPECT_EQ(subtract(Decimal{1, 0}, Decimal{25, 1})->to_string(), "-1.5");
  EXPECT_EQ(multiply(Decimal{15, 1}, Decimal{15, 1})->to_string(), "2.25");
  EXPECT_EQ(multiply(Decimal{400, 1}, Decimal{10, 0})->to_string(), "400.0");
  EXPECT_EQ(divide(Decimal{2, 0}, Decimal{3, 0}, 4)->to_string(), "0.6667");
  EXPECT_EQ(divide(Decimal{-2, 0}, Decimal{3, 0}, 2)->to_string(), "-0.67");
  EXPECT_EQ(divide(Decimal{4000, 1}, Decimal{100, 0}, 6)->to_string(), "4.0");  // a's scale
  EXPECT_FALSE(divide(Decimal{1, 0}, Decimal{0, 0}, 2));
  EXPECT_EQ(abs(Decimal{-15, 1}), (Decimal{15, 1}));
}

TEST(DecimalMath, ResultsThatDoNotFitADecimalAreRefused) {
  const Decimal max{999'999'999'999'999'999, 0};
  EXPECT_FALSE(add(max, Decimal{1, 0}));
  EXPECT_FALSE(multiply(max, Decimal{2, 0}));
  EXPECT_EQ(add(max, Decimal{-1, 0})->mantissa, 999'999'999'999'999'998);
}

}  // namespace
}  // namespace titrate::decimal
