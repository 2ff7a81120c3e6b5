#include "gateway/model/values.h"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace titrate::model {
namespace {

// 18 digits always fit in int64_t, so parsing and rounding never overflow; the same bound
// applies to the scale so that 10^scale fits too.
constexpr int kMaxDigits = 18;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

size_t count_digits(std::string_view s, size_t from) {
  size_t i = from;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i - from;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  const size_t int_begin = i;
  const size_t int_digits = count_digits(text, i);
  if (int_digits == 0) return std::nullopt;
  i += int_digits;
  size_t frac_begin = i;
  size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    frac_begin = ++i;
    frac_digits = count_digits(text, i);
    if (frac_digits == 0) return std::nullopt;
    i += frac_digits;
  }
  if (i != text.size() || frac_digits > kMaxDigits) return std::nullopt;

  int64_t mantissa = 0;
  int significant = 0;
  auto accumulate = [&](std::string_view digits) {
    for (char c : digits) {
      if (significant == 0 && c == '0') continue;
      if (++significant > kMaxDigits) return false;
      mantissa = mantissa * 10 + (c - '0');
    }
    return true;
  };
  if (!accumulate(text.substr(int_begin, int_digits)) ||
      !accumulate(text.substr(frac_begin, frac_digits))) {
    return std::nullopt;
  }
  return Decimal{negative ? -mantissa : mantissa, static_cast<int32_t>(frac_digits)};
}

std::optional<Decimal> Decimal::try_from_double(double value, int32_t scale) {
  if (!std::isfinite(value) || scale < 0 || scale > kMaxDigits) return std::nullopt;
  if (value == 0) return Decimal{0, scale};
  // Round the shortest text that reads back as `value` (what a person typed: 2.675 -> 2.68),
  // not the binary expansion (2.67499999...).
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  if (ec != std::errc()) return std::nullopt;
  std::string_view text(buf, end - buf);  // [-]d[.ddd]e(+|-)xx
  const bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  const size_t e = text.find('e');
  int exponent = 0;
  std::string_view exp_text = text.substr(e + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  // value = d.ddd × 10^exponent, so value × 10^scale has exponent + 1 + scale integer digits.
  const int n = static_cast<int>(digits.size());
  const int keep = exponent + 1 + scale;
  if (keep > kMaxDigits) return std::nullopt;
  int64_t mantissa = 0;
  for (int i = 0; i < keep; ++i) mantissa = mantissa * 10 + (i < n ? digits[i] - '0' : 0);
  if (keep >= 0 && keep < n && digits[keep] >= '5') ++mantissa;
  if (mantissa > 999'999'999'999'999'999) return std::nullopt;
  return Decimal{negative ? -mantissa : mantissa, scale};
}

Decimal Decimal::from_double(double value, int32_t scale) {
  if (auto d = try_from_double(value, scale)) return *d;
  throw std::domain_error("Decimal::from_double: value or scale out of range");
}

std::string Decimal::to_string() const {
  const uint64_t magnitude = mantissa < 0 ? 0 - static_cast<uint64_t>(mantissa) : mantissa;
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale))
      digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, 1, '.');
  } else if (scale < 0 && magnitude != 0) {
    digits.append(-static_cast<int64_t>(scale), '0');
  }
  if (mantissa < 0) digits.insert(0, 1, '-');
  return digits;
}

double Decimal::to_double() const {
  // Through the text so the result is the correctly rounded double of the exact value.
  const std::string text = to_string();
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace titrate::model
