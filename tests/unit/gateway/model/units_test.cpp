#include "gateway/model/units.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>

namespace titrate::units {
namespace {

using model::Decimal;
using model::Quantity;

// The converted value as text ("74.843"), or "none".
std::string converted(std::string_view value, std::string unit, std::string_view to) {
  std::optional<Decimal> d = Decimal::parse(value);
  EXPECT_TRUE(d.has_value()) << value;
  std::optional<Quantity> q = convert(Quantity{*d, std::move(unit)}, to);
  if (!q) return "none";
  EXPECT_EQ(q->unit, to);
  return q->value.to_string();
}

TEST(ModelUnits, BodyWeightAndHeight) {
  std::optional<Quantity> weight = convert(Quantity{{165, 0}, "[lb_av]"}, "kg");
  ASSERT_TRUE(weight.has_value());
  EXPECT_EQ(*weight, (Quantity{{74843, 3}, "kg"}));
  std::optional<Quantity> height = convert(Quantity{{70, 0}, "[in_i]"}, "cm");
  ASSERT_TRUE(height.has_value());
  EXPECT_EQ(*height, (Quantity{{1778, 1}, "cm"}));
}

TEST(ModelUnits, Mass) {
  EXPECT_EQ(converted("72.50", "kg", "kg"), "72.50");
  EXPECT_EQ(converted("250", "mg", "g"), "0.250");
  EXPECT_EQ(converted("1.5", "g", "mg"), "1500");
  EXPECT_EQ(converted("1", "ug", "g"), "0.000001");
  EXPECT_EQ(converted("500", "ug", "mg"), "0.500");
  EXPECT_EQ(converted("0.075", "kg", "g"), "75");
  EXPECT_EQ(converted("16", "[oz_av]", "[lb_av]"), "1.00");
  EXPECT_EQ(converted("1", "[lb_av]", "g"), "453.59");
  EXPECT_EQ(converted("10", "[oz_av]", "kg"), "0.2835");
  EXPECT_EQ(converted("72.5", "kg", "[lb_av]"), "159.835");
  EXPECT_EQ(converted("-1.5", "g", "mg"), "-1500");
}

TEST(ModelUnits, LengthVolumeTime) {
  EXPECT_EQ(converted("6", "[ft_i]", "cm"), "182.88");
  EXPECT_EQ(converted("1", "[ft_i]", "[in_i]"), "12");
  EXPECT_EQ(converted("1.80", "m", "cm"), "180");
  EXPECT_EQ(converted("1778", "mm", "m"), "1.778");
  EXPECT_EQ(converted("1", "L", "mL"), "1000");
  EXPECT_EQ(converted("500", "uL", "mL"), "0.500");
  EXPECT_EQ(converted("2", "h", "min"), "120");
  EXPECT_EQ(converted("40", "min", "h"), "0.6667");
  EXPECT_EQ(converted("-1.5", "h", "min"), "-90");
  EXPECT_EQ(converted("1", "wk", "d"), "7");
  EXPECT_EQ(converted("1", "d", "s"), "86400");
  EXPECT_EQ(converted("90", "s", "min"), "1.50");
}

TEST(ModelUnits, Rates) {
  EXPECT_EQ(converted("0.5", "mg/kg/h", "ug/kg/min"), "8.33");
  EXPECT_EQ(converted("0.15", "mg/kg/h", "ug/kg/min"), "2.5");
  EXPECT_EQ(converted("8.33", "ug/kg/min", "mg/kg/h"), "0.4998");
  EXPECT_EQ(converted("35", "mg/h", "mg/min"), "0.5833");
  EXPECT_EQ(converted("100", "mL/h", "mL/min"), "1.6667");
  EXPECT_EQ(converted("0.5", "mg/kg", "ug/kg"), "500");
  EXPECT_EQ(converted("0.5", "mg/kg", "mg/[lb_av]"), "0.2268");
  EXPECT_EQ(converted("0.50", "mg/kg/h", "mg/(kg.h)"), "0.50");
  EXPECT_EQ(converted("12", "/min", "/h"), "720");
  EXPECT_EQ(converted("1", "mg/mL", "g/L"), "1");
}

TEST(ModelUnits, IncompatibleOrUnknownIsNullopt) {
  EXPECT_EQ(converted("1", "mg", "mL"), "none");
  EXPECT_EQ(converted("1", "mg/h", "mg/kg/h"), "none");
  EXPECT_EQ(converted("1", "mg/kg/h", "mg/h"), "none");
  EXPECT_EQ(converted("1", "kg", "cm"), "none");
  EXPECT_EQ(converted("1", "mL", "cm"), "none");
  EXPECT_EQ(converted("1", "h", "/h"), "none");
  EXPECT_EQ(converted("1", "furlong", "m"), "none");
  EXPECT_EQ(converted("1", "mg", "MG"), "none");  // not UCUM: canonical_ucum first
  EXPECT_EQ(converted("1", "", "mg"), "none");
  EXPECT_EQ(converted("1", "mg", ""), "none");
  EXPECT_EQ(converted("1", "mg/", "mg"), "none");
  EXPECT_EQ(converted("1", "mg//h", "mg/h"), "none");
  EXPECT_EQ(converted("1", "mg/(kg/h)", "mg/kg/h"), "none");
  EXPECT_EQ(converted("1", "mg.", "mg"), "none");
}

TEST(ModelUnits, ResultBeyondEighteenDigitsIsNullopt) {
  EXPECT_EQ(converted("999999999999999999", "kg", "ug"), "none");
  EXPECT_EQ(converted("999999999999", "kg", "ug"), "none");
  EXPECT_EQ(converted("999999999", "kg", "ug"), "999999999000000000");
}

TEST(ModelUnits, SameDimension) {
  EXPECT_TRUE(same_dimension("mg/kg/h", "ug/kg/min"));
  EXPECT_TRUE(same_dimension("mg/(kg.h)", "mg/kg/h"));
  EXPECT_TRUE(same_dimension("mg/h/kg", "mg/kg/h"));
  EXPECT_TRUE(same_dimension("[lb_av]", "kg"));
  EXPECT_TRUE(same_dimension("mL/h", "L/d"));
  EXPECT_FALSE(same_dimension("mg", "mL"));
  EXPECT_FALSE(same_dimension("mL", "cm"));
  EXPECT_FALSE(same_dimension("mg/h", "mg/kg/h"));
  EXPECT_FALSE(same_dimension("mg", "mg/"));
  EXPECT_FALSE(same_dimension("furlong", "furlong"));
}

TEST(ModelCanonicalUcum, MapsCommonHl7Spellings) {
  const std::pair<const char*, const char*> table[] = {
      {"MG", "mg"},
      {"ML", "mL"},
      {"ml", "mL"},
      {"KG", "kg"},
      {"LB", "[lb_av]"},
      {"LBS", "[lb_av]"},
      {"lbs", "[lb_av]"},
      {"[LB_AV]", "[lb_av]"},
      {"OZ", "[oz_av]"},
      {"IN", "[in_i]"},
      {"CM", "cm"},
      {"HR", "h"},
      {"H", "h"},
      {"MIN", "min"},
      {"MG/HR", "mg/h"},
      {"ML/HR", "mL/h"},
      {"mL/hr", "mL/h"},
      {"MG/KG/HR", "mg/kg/h"},
      {"MG/(KG.HR)", "mg/(kg.h)"},
      {"MCG", "ug"},
      {"MCG/KG/MIN", "ug/kg/min"},
      {"\xC2\xB5g", "ug"},  // micro sign
      {"\xCE\xBCg", "ug"},  // Greek mu
      {"Mg", "mg"},
      {" mg ", "mg"},
  };
  for (const auto& [in, out] : table) {
    EXPECT_EQ(canonical_ucum(in), std::optional<std::string>(out)) << in;
  }
}

TEST(ModelCanonicalUcum, ReturnsProperUcumUnchanged) {
  for (const char* ucum : {"mg", "mL", "kg", "[lb_av]", "[in_i]", "h", "mg/kg/h", "ug/kg/min",
                           "mg/(kg.h)", "/min", "L", "%", "mm[Hg]", "Cel", "[degF]", "kg/m2"}) {
    EXPECT_EQ(canonical_ucum(ucum), std::optional<std::string>(ucum)) << ucum;
  }
}

TEST(ModelCanonicalUcum, UnknownIsNullopt) {
  for (const char* unit : {"", "  ", "FOO", "MG/", "GR", "MG//HR", "mg/(kg", "TABS", "U/KG"}) {
    EXPECT_EQ(canonical_ucum(unit), std::nullopt) << '"' << unit << '"';
  }
}

}  // namespace
}  // namespace titrate::units
