#include "gateway/clock/date_time.h"

#include <cstdio>
#include <string_view>

#include "gateway/model/civil_time.h"

namespace titrate::clock {

namespace civil = model::civil;
namespace {

constexpr int64_t kUsPerSecond = 1'000'000;

// Reads exactly `width` digits at `pos`.
bool digits(std::string_view s, size_t pos, size_t width, int& out) {
  if (pos + width > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<Instant> parse_date_time(const model::DateTime& text) {
  const std::string_view s = text.value;
  int year = 0, month = 1, day = 1;
  if (!digits(s, 0, 4, year)) return std::nullopt;
  size_t pos = 4;
  if (pos < s.size()) {
    if (s[pos] != '-' || !digits(s, pos + 1, 2, month) || month < 1 || month > 12) {
      return std::nullopt;
    }
    pos += 3;
  }
  if (pos < s.size()) {
    if (s[pos] != '-' || !digits(s, pos + 1, 2, day) || day < 1 ||
        day > civil::days_in_month(year, month)) {
      return std::nullopt;
    }
    pos += 3;
  }
  Instant instant;
  int64_t seconds = civil::days_from_civil(year, month, day) * civil::kSecondsPerDay;
  if (pos == s.size()) {
    instant.us = seconds * kUsPerSecond;
    return instant;
  }
  int hour = 0, minute = 0, second = 0;
  if (s[pos] != 'T' || !digits(s, pos + 1, 2, hour) || hour > 23 || pos + 3 >= s.size() ||
      s[pos + 3] != ':' || !digits(s, pos + 4, 2, minute) || minute > 59) {
    return std::nullopt;
  }
  pos += 6;
  int64_t micros = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, second) || second > 60) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int64_t place = 100'000;
      const size_t begin = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        micros += (s[pos] - '0') * place;
        place /= 10;
        ++pos;
      }
      if (pos == begin) return std::nullopt;
    }
  }
  if (pos >= s.size()) return std::nullopt;  // a time always carries its offset
  int offset = 0;
  if (s[pos] == 'Z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh = 0, om = 0;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, om) || oh > 14 || om > 59) {
      return std::nullopt;
    }
    offset = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  seconds += hour * 3600 + minute * 60 + second - offset * 60;
  instant.us = seconds * kUsPerSecond + micros;
  instant.offset_minutes = offset;
  instant.has_time = true;
  return instant;
}

int64_t local_day(int64_t us, int offset_minutes) {
  const int64_t local_seconds = civil::floor_div(us, kUsPerSecond) + offset_minutes * 60;
  return civil::floor_div(local_seconds, civil::kSecondsPerDay);
}

model::DateTime format_date_time(int64_t us, int offset_minutes) {
  const int64_t local_us = us + int64_t{offset_minutes} * 60 * kUsPerSecond;
  const int64_t days = civil::floor_div(local_us, civil::kSecondsPerDay * kUsPerSecond);
  const int64_t in_day = local_us - days * civil::kSecondsPerDay * kUsPerSecond;
  const civil::CivilDate date = civil::civil_from_days(days);
  const int64_t secs = in_day / kUsPerSecond;
  const int millis = static_cast<int>((in_day % kUsPerSecond) / 1000);
  char zone[16] = "Z";
  if (offset_minutes != 0) {
    const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
  }
  char text[96];
  std::snprintf(text, sizeof text, "%04lld-%02d-%02dT%02lld:%02lld:%02lld.%03d%s",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60), millis, zone);
  return model::DateTime{text};
}

}  // namespace titrate::clock
