#include "gateway/model/values.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "gateway/model/mapped_message.h"

namespace titrate::model {
namespace {

TEST(ModelDecimal, ParsesSignDigitsAndFraction) {
  EXPECT_EQ(Decimal::parse("72.50"), (Decimal{7250, 2}));
  EXPECT_EQ(Decimal::parse("-1.5"), (Decimal{-15, 1}));
  EXPECT_EQ(Decimal::parse("+3"), (Decimal{3, 0}));
  EXPECT_EQ(Decimal::parse("0.35"), (Decimal{35, 2}));
  EXPECT_EQ(Decimal::parse("72"), (Decimal{72, 0}));
  EXPECT_EQ(Decimal::parse("007"), (Decimal{7, 0}));
  EXPECT_EQ(Decimal::parse("-0.00"), (Decimal{0, 2}));
}

TEST(ModelDecimal, AcceptsEighteenSignificantDigits) {
  EXPECT_EQ(Decimal::parse("123456789012345678"), (Decimal{123456789012345678, 0}));
  EXPECT_EQ(Decimal::parse("-99999999.9999999999"), (Decimal{-999999999999999999, 10}));
  EXPECT_EQ(Decimal::parse("0000000000000000000000001"), (Decimal{1, 0}));  // leading zeros
  EXPECT_EQ(Decimal::parse("0.000000000000000001"), (Decimal{1, 18}));
}

TEST(ModelDecimal, RejectsMalformedOrOversizedText) {
  for (const char* text :
       {"", "1.", ".", ".5", " 1", "1 ", "1e5", "1E5", "+", "-", "1.2.3", "1,5", "--1", "+-1",
        "abc", "0x10", "1234567890123456789", "9999999999.999999999", "0.0000000000000000001"}) {
    EXPECT_EQ(Decimal::parse(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(ModelDecimal, PrintsKeepingTheScale) {
  EXPECT_EQ((Decimal{7250, 2}).to_string(), "72.50");
  EXPECT_EQ((Decimal{5, 3}).to_string(), "0.005");
  EXPECT_EQ((Decimal{-5, 1}).to_string(), "-0.5");
  EXPECT_EQ((Decimal{-123, 2}).to_string(), "-1.23");
  EXPECT_EQ((Decimal{0, 2}).to_string(), "0.00");
  EXPECT_EQ((Decimal{72, 0}).to_string(), "72");
  EXPECT_EQ((Decimal{5, -2}).to_string(), "500");
  EXPECT_EQ((Decimal{std::numeric_limits<int64_t>::min(), 0}).to_string(), "-9223372036854775808");
}

TEST(ModelDecimal, ParseOfToStringIsIdentity) {
  for (Decimal d : {Decimal{7250, 2}, Decimal{-15, 1}, Decimal{0, 0}, Decimal{0, 3}, Decimal{1, 18},
                    Decimal{999999999999999999, 9}, Decimal{-4, 4}}) {
    EXPECT_EQ(Decimal::parse(d.to_string()), d) << d.to_string();
  }
}

TEST(ModelDecimal, ConvertsToDouble) {
  EXPECT_EQ((Decimal{7250, 2}).to_double(), 72.5);
  EXPECT_EQ((Decimal{1, 1}).to_double(), 0.1);  // correctly rounded, not 1 * 0.1 arithmetic
  EXPECT_EQ((Decimal{-35, 2}).to_double(), -0.35);
  EXPECT_EQ((Decimal{123456789012345678, 0}).to_double(), 123456789012345678.0);
}

TEST(ModelDecimal, FromDoubleRoundsHalfAwayFromZero) {
  EXPECT_EQ(Decimal::from_double(74.84274105, 3), (Decimal{74843, 3}));
  EXPECT_EQ(Decimal::from_double(72.5, 2), (Decimal{7250, 2}));
  EXPECT_EQ(Decimal::from_double(2.5, 0), (Decimal{3, 0}));
  EXPECT_EQ(Decimal::from_double(-2.5, 0), (Decimal{-3, 0}));
  EXPECT_EQ(Decimal::from_double(9.5, 0), (Decimal{10, 0}));
  EXPECT_EQ(Decimal::from_double(0.005, 2), (Decimal{1, 2}));
  EXPECT_EQ(Decimal::from_double(-0.005, 2), (Decimal{-1, 2}));
  EXPECT_EQ(Decimal::from_double(0.004, 2), (Decimal{0, 2}));
  EXPECT_EQ(Decimal::from_double(1e-7, 3), (Decimal{0, 3}));
  EXPECT_EQ(Decimal::from_double(0.0, 2), (Decimal{0, 2}));
  EXPECT_EQ(Decimal::from_double(-0.0, 1), (Decimal{0, 1}));
  EXPECT_EQ(Decimal::from_double(123.456, 0), (Decimal{123, 0}));
  EXPECT_EQ(Decimal::from_double(1e17, 0), (Decimal{100000000000000000, 0}));
  // The double nearest 2.675 is 2.67499999...; what was meant, and is rounded, is 2.675.
  EXPECT_EQ(Decimal::from_double(2.675, 2), (Decimal{268, 2}));
  EXPECT_EQ(Decimal::from_double(1.005, 2), (Decimal{101, 2}));
}

TEST(ModelDecimal, FromDoubleRejectsWhatCannotBeRepresented) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(Decimal::try_from_double(nan, 2), std::nullopt);
  EXPECT_EQ(Decimal::try_from_double(inf, 2), std::nullopt);
  EXPECT_EQ(Decimal::try_from_double(-inf, 2), std::nullopt);
  EXPECT_EQ(Decimal::try_from_double(1.0, -1), std::nullopt);
  EXPECT_EQ(Decimal::try_from_double(1.0, 19), std::nullopt);
  EXPECT_EQ(Decimal::try_from_double(1e18, 0), std::nullopt);  // 19 digits
  EXPECT_EQ(Decimal::try_from_double(1e17, 1), std::nullopt);
  EXPECT_EQ(Decimal::try_from_double(1.0, 18), std::nullopt);  // 10^18: 19 digits
  EXPECT_EQ(Decimal::try_from_double(0.5, 18), (Decimal{500000000000000000, 18}));
  EXPECT_THROW(Decimal::from_double(nan, 2), std::domain_error);
  EXPECT_THROW(Decimal::from_double(1e300, 0), std::domain_error);
}

TEST(ModelMappedMessage, OkUnlessAnIssueIsAnError) {
  MappedMessage m;
  EXPECT_TRUE(m.ok());
  m.issues.push_back({MappingIssue::Severity::kInformation, "PID-8", "", "sex mapped to unknown"});
  m.issues.push_back({MappingIssue::Severity::kWarning, "OBX[1]-14", "", "no observation time"});
  EXPECT_TRUE(m.ok());
  m.issues.push_back({MappingIssue::Severity::kError, "RXE[1]-23", "103", "rate is not a number"});
  EXPECT_FALSE(m.ok());
}

}  // namespace
}  // namespace titrate::model
