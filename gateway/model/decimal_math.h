#pragma once

#include <compare>
#include <cstdint>
#include <optional>

#include "gateway/model/values.h"

// Exact arithmetic on model::Decimal, for doses, rates and limits. Exact is a rational number:
// every intermediate stays exact and a value is rounded once, by the rule that names its
// resolution. The functions below it are the Decimal-in, Decimal-out shorthands.
namespace titrate::decimal {

class Exact {
 public:
  Exact() = default;
  static Exact of(const model::Decimal& value);  // invalid for a scale outside [-18, 18]
  static Exact of(int64_t value);

  Exact operator+(const Exact& other) const;
  Exact operator-(const Exact& other) const;
  Exact operator*(const Exact& other) const;
  Exact operator/(const Exact& other) const;  // division by zero gives an invalid value
  std::strong_ordering operator<=>(const Exact& other) const;
  bool operator==(const Exact& other) const { return (*this <=> other) == 0; }

  // False after an overflow or a division by zero; such a value must not be used.
  bool valid() const { return valid_; }
  bool is_zero() const { return num_ == 0; }
  bool negative() const { return num_ < 0; }

  // Rounded half away from zero to `scale` digits, then trailing zeros dropped down to
  // `min_scale` (so 40.00 with min_scale 0 is 40, and 60.0 with min_scale 1 stays 60.0), and
  // further only where a Decimal (18 digits, scale at most 18) needs it to fit. nullopt when
  // it cannot fit.
  std::optional<model::Decimal> round(int scale, int min_scale) const;

 private:
  using Int = __int128;
  Exact(Int num, Int den, bool valid);
  static Exact make(Int num, Int den);
  static Exact invalid() { return Exact(0, 1, false); }

  Int num_ = 0;
  Int den_ = 1;
  bool valid_ = true;
};

// -1, 0 or 1; exact for any two Decimals.
int compare(const model::Decimal& a, const model::Decimal& b);
// Exact, at the larger scale (add, subtract) or the sum of the scales (multiply); nullopt
// when the result does not fit a Decimal.
std::optional<model::Decimal> add(const model::Decimal& a, const model::Decimal& b);
std::optional<model::Decimal> subtract(const model::Decimal& a, const model::Decimal& b);
std::optional<model::Decimal> multiply(const model::Decimal& a, const model::Decimal& b);
// a ÷ b rounded half away from zero at max_scale decimals, then without trailing zeros beyond
// a's scale (40.0 × 500 ÷ 500 -> 40.0; 1 ÷ 3 at 4 -> 0.3333). nullopt for b = 0.
std::optional<model::Decimal> divide(const model::Decimal& a, const model::Decimal& b,
                                     int max_scale);
model::Decimal abs(const model::Decimal& a);

}  // namespace titrate::decimal
