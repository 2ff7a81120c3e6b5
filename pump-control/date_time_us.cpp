#include "pump-control/date_time_us.h"

#include <string_view>

namespace titrate::pump_control {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool digits(size_t n, int& out) {
    if (i_ + n > s_.size()) return false;
    out = 0;
    for (size_t k = 0; k < n; ++k) {
      const char c = s_[i_ + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    i_ += n;
    return true;
  }
  bool accept(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool at_end() const { return i_ == s_.size(); }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<int64_t> to_epoch_us(const model::DateTime& time) {
  Cursor c(time.value);
  int year, month, day;
  if (!c.digits(4, year) || !c.accept('-') || !c.digits(2, month) || !c.accept('-') ||
      !c.digits(2, day) || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  int64_t us = days_from_civil(year, month, day) * 86'400'000'000;
  if (c.at_end()) return us;
  int hour, minute, second = 0;
  if (!c.accept('T') || !c.digits(2, hour) || !c.accept(':') || !c.digits(2, minute) || hour > 23 ||
      minute > 59) {
    return std::nullopt;
  }
  if (c.accept(':')) {
    if (!c.digits(2, second) || second > 60) return std::nullopt;
    if (c.accept('.')) {
      int64_t fraction = 0, scale = 1'000'000;
      int digit;
      bool any = false;
      while (c.peek() >= '0' && c.peek() <= '9' && c.digits(1, digit)) {
        any = true;
        if (scale > 1) {
          scale /= 10;
          fraction += digit * scale;
        }
      }
      if (!any) return std::nullopt;
      us += fraction;
    }
  }
  us += ((hour * 60 + minute) * 60 + second) * int64_t{1'000'000};
  if (c.accept('Z')) return c.at_end() ? std::optional<int64_t>(us) : std::nullopt;
  const char sign = c.peek();
  if (sign != '+' && sign != '-') return std::nullopt;
  c.accept(sign);
  int oh, om;
  if (!c.digits(2, oh) || !c.accept(':') || !c.digits(2, om) || !c.at_end()) return std::nullopt;
  const int64_t offset_us = (oh * 60 + om) * int64_t{60'000'000};
  return sign == '+' ? us - offset_us : us + offset_us;
}

}  // namespace titrate::pump_control
