#pragma once

#include <compare>
#include <cstdint>
#include <optional>

#include "gateway/model/values.h"

// Exact rational arithmetic for dose calculations: every intermediate stays exact and only
// the final value is rounded, once, by the rule that names its resolution.
namespace titrate::dosing {

class Exact {
 public:
  Exact() = default;
  static Exact of(const model::Decimal& value);
  static Exact of(int64_t value);

  Exact operator+(const Exact& other) const;
  Exact operator*(const Exact& other) const;
  Exact operator/(const Exact& other) const;  // division by zero gives an invalid value
  std::strong_ordering operator<=>(const Exact& other) const;
  bool operator==(const Exact& other) const { return (*this <=> other) == 0; }

  // False after an overflow or a division by zero; such a value must not be used.
  bool valid() const { return valid_; }
  bool is_zero() const { return num_ == 0; }
  bool negative() const { return num_ < 0; }

  // Rounded half away from zero to `scale` digits, then trailing zeros dropped down to
  // `min_scale` (so 40.00 with min_scale 0 is 40, and 60.0 with min_scale 1 stays 60.0).
  std::optional<model::Decimal> round(int scale, int min_scale) const;

 private:
  using Int = __int128;
  Exact(Int num, Int den, bool valid);
  static Exact make(Int num, Int den);

  Int num_ = 0;
  Int den_ = 1;
  bool valid_ = true;
};

}  // namespace titrate::dosing
