#include "mappers/profile/posix_tz.h"

#include <algorithm>
#include <array>

#include "gateway/model/civil_time.h"

namespace titrate::profile {
namespace {

namespace civil = model::civil;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Reads an unsigned decimal number of at most `max`; advances pos.
bool read_number(std::string_view s, size_t& pos, int max, int& out) {
  const size_t start = pos;
  int value = 0;
  while (pos < s.size() && is_digit(s[pos])) {
    value = value * 10 + (s[pos] - '0');
    if (value > max) return false;
    ++pos;
  }
  if (pos == start) return false;
  out = value;
  return true;
}

// A designation: three or more letters, or <...> with letters, digits, '+' and '-'.
bool read_name(std::string_view s, size_t& pos) {
  const size_t start = pos;
  if (pos < s.size() && s[pos] == '<') {
    ++pos;
    while (pos < s.size() &&
           (is_alpha(s[pos]) || is_digit(s[pos]) || s[pos] == '+' || s[pos] == '-')) {
      ++pos;
    }
    if (pos >= s.size() || s[pos] != '>' || pos - start - 1 < 3) return false;
    ++pos;
    return true;
  }
  while (pos < s.size() && is_alpha(s[pos])) ++pos;
  return pos - start >= 3;
}

// [+-]hh[:mm[:ss]] as seconds; hours at most max_hours.
bool read_time(std::string_view s, size_t& pos, int max_hours, int& seconds) {
  int sign = 1;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    if (s[pos] == '-') sign = -1;
    ++pos;
  }
  int hours = 0, minutes = 0, secs = 0;
  if (!read_number(s, pos, max_hours, hours)) return false;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!read_number(s, pos, 59, minutes)) return false;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!read_number(s, pos, 59, secs)) return false;
    }
  }
  seconds = sign * (hours * 3600 + minutes * 60 + secs);
  return true;
}

bool read_date(std::string_view s, size_t& pos, PosixTimeZone::Date& date) {
  using Kind = PosixTimeZone::Date::Kind;
  if (pos < s.size() && s[pos] == 'J') {
    ++pos;
    date.kind = Kind::kJulianNoLeap;
    if (!read_number(s, pos, 365, date.day) || date.day < 1) return false;
  } else if (pos < s.size() && s[pos] == 'M') {
    ++pos;
    date.kind = Kind::kMonthWeekDay;
    if (!read_number(s, pos, 12, date.month) || date.month < 1) return false;
    if (pos >= s.size() || s[pos++] != '.') return false;
    if (!read_number(s, pos, 5, date.week) || date.week < 1) return false;
    if (pos >= s.size() || s[pos++] != '.') return false;
    if (!read_number(s, pos, 6, date.day)) return false;
  } else {
    date.kind = Kind::kZeroBased;
    if (!read_number(s, pos, 365, date.day)) return false;
  }
  if (pos < s.size() && s[pos] == '/') {
    ++pos;
    if (!read_time(s, pos, 167, date.time_seconds)) return false;
  }
  return true;
}

// Days since 1970-01-01 of the rule date in `year`.
int64_t rule_day(int64_t year, const PosixTimeZone::Date& date) {
  using Kind = PosixTimeZone::Date::Kind;
  const int64_t jan1 = civil::days_from_civil(year, 1, 1);
  switch (date.kind) {
    case Kind::kJulianNoLeap:
      // Day 60 is always March 1: February 29 is never counted.
      return jan1 + date.day - 1 + (civil::is_leap_year(year) && date.day >= 60 ? 1 : 0);
    case Kind::kZeroBased:
      return jan1 + date.day;
    case Kind::kMonthWeekDay:
      break;
  }
  const int64_t first = civil::days_from_civil(year, date.month, 1);
  const int first_weekday = civil::weekday_from_days(first);
  int day_of_month = 1 + (date.day - first_weekday + 7) % 7 + (date.week - 1) * 7;
  while (day_of_month > civil::days_in_month(year, date.month)) day_of_month -= 7;
  return first + day_of_month - 1;
}

}  // namespace

std::optional<PosixTimeZone> PosixTimeZone::parse(std::string_view text) {
  PosixTimeZone tz;
  size_t pos = 0;
  int west = 0;
  if (!read_name(text, pos) || !read_time(text, pos, 24, west)) return std::nullopt;
  tz.std_offset_ = -west;
  if (pos == text.size()) return tz;

  if (!read_name(text, pos)) return std::nullopt;
  tz.has_dst_ = true;
  tz.dst_offset_ = tz.std_offset_ + 3600;
  if (pos < text.size() && text[pos] != ',') {
    if (!read_time(text, pos, 24, west)) return std::nullopt;
    tz.dst_offset_ = -west;
  }
  if (pos == text.size()) {
    // No rule: the rule tzcode assumes (United States since 2007).
    tz.dst_start_ = {Date::Kind::kMonthWeekDay, 0, 3, 2};
    tz.dst_end_ = {Date::Kind::kMonthWeekDay, 0, 11, 1};
    return tz;
  }
  if (text[pos++] != ',' || !read_date(text, pos, tz.dst_start_)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != ',' || !read_date(text, pos, tz.dst_end_)) {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return tz;
}

int64_t PosixTimeZone::transition_utc(int64_t year, const Date& date, int offset) {
  return rule_day(year, date) * civil::kSecondsPerDay + date.time_seconds - offset;
}

int PosixTimeZone::offset_at_utc(int64_t utc_seconds) const {
  if (!has_dst_) return std_offset_;
  utc_seconds = std::clamp(utc_seconds, -civil::kMaxSeconds, civil::kMaxSeconds);
  // The changes of the years around the instant, in order; the last one at or before the
  // instant decides. Looking at three years copes with rules whose changes cross a year end.
  const int64_t year =
      civil::year_from_days(civil::floor_div(utc_seconds + std_offset_, civil::kSecondsPerDay));
  struct Change {
    int64_t at;
    int offset;
  };
  std::array<Change, 6> changes{};
  for (int i = 0; i < 3; ++i) {
    const int64_t y = year - 1 + i;
    changes[2 * i] = {transition_utc(y, dst_start_, std_offset_), dst_offset_};
    changes[2 * i + 1] = {transition_utc(y, dst_end_, dst_offset_), std_offset_};
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.at < b.at; });
  int offset = changes.front().offset == dst_offset_ ? std_offset_ : dst_offset_;
  for (const Change& change : changes) {
    if (change.at > utc_seconds) break;
    offset = change.offset;
  }
  return offset;
}

}  // namespace titrate::profile
