#include "gateway/model/decimal_math.h"

#include <algorithm>

namespace titrate::decimal {
namespace {

using Int = __int128;

// A Decimal holds at most 18 digits at a scale of at most 18; 10^36 still fits in 127 bits, so
// rounding may work at up to 36 decimals before trailing zeros are dropped to fit.
constexpr Int kMaxMantissa = 999'999'999'999'999'999;
constexpr int kMaxScale = 18;
constexpr int kMaxWorkingScale = 36;

Int gcd(Int a, Int b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const Int t = a % b;
    a = b;
    b = t;
  }
  return a;
}

Int pow10(int exponent) {
  Int value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

}  // namespace

Exact::Exact(Int num, Int den, bool valid) : num_(num), den_(den), valid_(valid) {}

Exact Exact::make(Int num, Int den) {
  if (den == 0) return invalid();
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const Int g = gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  return Exact(num, den, true);
}

Exact Exact::of(const model::Decimal& value) {
  if (value.scale < 0) {
    if (value.scale < -kMaxScale) return invalid();
    return make(Int{value.mantissa} * pow10(-value.scale), 1);
  }
  if (value.scale > kMaxScale) return invalid();
  return make(value.mantissa, pow10(value.scale));
}

Exact Exact::of(int64_t value) {
  return Exact(value, 1, true);
}

Exact Exact::operator+(const Exact& o) const {
  Int a, b, den;
  if (!valid_ || !o.valid_ || __builtin_mul_overflow(num_, o.den_, &a) ||
      __builtin_mul_overflow(o.num_, den_, &b) || __builtin_mul_overflow(den_, o.den_, &den) ||
      __builtin_add_overflow(a, b, &a)) {
    return invalid();
  }
  return make(a, den);
}

Exact Exact::operator-(const Exact& o) const {
  return *this + Exact(-o.num_, o.den_, o.valid_);
}

Exact Exact::operator*(const Exact& o) const {
  if (!valid_ || !o.valid_) return invalid();
  // Cross-reduce first so that products of already-reduced fractions stay small.
  const Int g1 = gcd(num_, o.den_) == 0 ? 1 : gcd(num_, o.den_);
  const Int g2 = gcd(o.num_, den_) == 0 ? 1 : gcd(o.num_, den_);
  Int num, den;
  if (__builtin_mul_overflow(num_ / g1, o.num_ / g2, &num) ||
      __builtin_mul_overflow(den_ / g2, o.den_ / g1, &den)) {
    return invalid();
  }
  return make(num, den);
}

Exact Exact::operator/(const Exact& o) const {
  if (!valid_ || !o.valid_ || o.num_ == 0) return invalid();
  return *this * make(o.den_, o.num_);
}

std::strong_ordering Exact::operator<=>(const Exact& o) const {
  Int a, b;
  if (__builtin_mul_overflow(num_, o.den_, &a) || __builtin_mul_overflow(o.num_, den_, &b)) {
    // Denominators are positive, so comparing as long doubles is the fallback for values
    // far outside any dose; it keeps the ordering total.
    const long double x = static_cast<long double>(num_) / static_cast<long double>(den_);
    const long double y = static_cast<long double>(o.num_) / static_cast<long double>(o.den_);
    return x < y ? std::strong_ordering::less
                 : (x > y ? std::strong_ordering::greater : std::strong_ordering::equal);
  }
  return a <=> b;
}

std::optional<model::Decimal> Exact::round(int scale, int min_scale) const {
  if (!valid_ || scale < 0 || scale > kMaxWorkingScale || min_scale > scale) return std::nullopt;
  Int scaled;
  if (__builtin_mul_overflow(num_, pow10(scale), &scaled)) return std::nullopt;
  const bool neg = scaled < 0;
  if (neg) scaled = -scaled;
  Int q = scaled / den_;
  const Int r = scaled % den_;
  if (r >= den_ - r) ++q;  // half away from zero
  int32_t s = scale;
  while (s > min_scale && q % 10 == 0) {
    q /= 10;
    --s;
  }
  while ((q > kMaxMantissa || s > kMaxScale) && s > 0 && q % 10 == 0) {
    q /= 10;
    --s;
  }
  if (q > kMaxMantissa || s > kMaxScale) return std::nullopt;
  return model::Decimal{static_cast<int64_t>(neg ? -q : q), s};
}

int compare(const model::Decimal& a, const model::Decimal& b) {
  const std::strong_ordering order = Exact::of(a) <=> Exact::of(b);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

std::optional<model::Decimal> add(const model::Decimal& a, const model::Decimal& b) {
  const int scale = std::max(a.scale, b.scale);
  return (Exact::of(a) + Exact::of(b)).round(scale, scale);
}

std::optional<model::Decimal> subtract(const model::Decimal& a, const model::Decimal& b) {
  const int scale = std::max(a.scale, b.scale);
  return (Exact::of(a) - Exact::of(b)).round(scale, scale);
}

std::optional<model::Decimal> multiply(const model::Decimal& a, const model::Decimal& b) {
  const int scale = a.scale + b.scale;
  return (Exact::of(a) * Exact::of(b)).round(scale, scale);
}

std::optional<model::Decimal> divide(const model::Decimal& a, const model::Decimal& b,
                                     int max_scale) {
  return (Exact::of(a) / Exact::of(b)).round(max_scale, std::min(a.scale, max_scale));
}

model::Decimal abs(const model::Decimal& a) {
  return model::Decimal{a.mantissa < 0 ? -a.mantissa : a.mantissa, a.scale};
}

}  // namespace titrate::decimal
