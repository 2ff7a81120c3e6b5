#include "pump-control/decimal_math.h"

namespace titrate::pump_control::decimal {
namespace {

using Int = __int128;
constexpr Int kMaxMantissa = 999'999'999'999'999'999;
constexpr int kMaxScale = 18;

Int pow10(int n) {
  Int p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Both mantissas at the larger scale; 36 digits fit in 127 bits.
void align(const model::Decimal& a, const model::Decimal& b, Int& x, Int& y, int& scale) {
  scale = a.scale > b.scale ? a.scale : b.scale;
  x = static_cast<Int>(a.mantissa) * pow10(scale - a.scale);
  y = static_cast<Int>(b.mantissa) * pow10(scale - b.scale);
}

std::optional<model::Decimal> make(Int mantissa, int scale) {
  // Drop trailing zeros only as far as needed to fit.
  while ((mantissa > kMaxMantissa || -mantissa > kMaxMantissa || scale > kMaxScale) && scale > 0 &&
         mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  if (mantissa > kMaxMantissa || -mantissa > kMaxMantissa || scale > kMaxScale) return std::nullopt;
  return model::Decimal{static_cast<int64_t>(mantissa), scale};
}

}  // namespace

int compare(const model::Decimal& a, const model::Decimal& b) {
  Int x, y;
  int scale;
  align(a, b, x, y, scale);
  return x < y ? -1 : (x > y ? 1 : 0);
}

std::optional<model::Decimal> add(const model::Decimal& a, const model::Decimal& b) {
  Int x, y;
  int scale;
  align(a, b, x, y, scale);
  return make(x + y, scale);
}

std::optional<model::Decimal> subtract(const model::Decimal& a, const model::Decimal& b) {
  Int x, y;
  int scale;
  align(a, b, x, y, scale);
  return make(x - y, scale);
}

std::optional<model::Decimal> multiply(const model::Decimal& a, const model::Decimal& b) {
  return make(static_cast<Int>(a.mantissa) * b.mantissa, a.scale + b.scale);
}

std::optional<model::Decimal> divide(const model::Decimal& a, const model::Decimal& b,
                                     int max_scale) {
  if (b.mantissa == 0) return std::nullopt;
  // a/b = (ma / mb) × 10^(sb - sa); compute at max_scale decimals, one guard digit for rounding.
  const int shift = max_scale + 1 + b.scale - a.scale;
  Int num = a.mantissa, den = b.mantissa;
  if (shift >= 0) {
    num *= pow10(shift);
  } else {
    den *= pow10(-shift);
  }
  const bool negative = (num < 0) != (den < 0);
  if (num < 0) num = -num;
  if (den < 0) den = -den;
  const Int q = num / den;  // max_scale + 1 decimals, truncated
  const Int rounded = q / 10 + (q % 10 >= 5 ? 1 : 0);
  auto result = make(negative ? -rounded : rounded, max_scale);
  if (!result) return std::nullopt;
  return trim(*result, a.scale < max_scale ? a.scale : max_scale);
}

model::Decimal abs(const model::Decimal& a) {
  return model::Decimal{a.mantissa < 0 ? -a.mantissa : a.mantissa, a.scale};
}

model::Decimal trim(const model::Decimal& a, int min_scale) {
  model::Decimal out = a;
  while (out.scale > min_scale && out.mantissa % 10 == 0) {
    out.mantissa /= 10;
    --out.scale;
  }
  return out;
}

}  // namespace titrate::pump_control::decimal
