#pragma once

#include <cstdint>

// Proleptic Gregorian calendar arithmetic on seconds since 1970-01-01T00:00:00 (no time zone).
namespace titrate::model::civil {

inline constexpr int64_t kSecondsPerDay = 86400;
// Instants are clamped to about ±300,000 years before calendar arithmetic, which then cannot
// overflow.
inline constexpr int64_t kMaxSeconds = 10'000'000'000'000;

constexpr bool is_leap_year(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr int days_in_month(int64_t year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of year-month-day (month 1-12, day 1-31).
constexpr int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
};

// The date of a day count since 1970-01-01 (the inverse of days_from_civil).
constexpr CivilDate civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;  // 0 = March
  const int month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  return CivilDate{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month,
                   static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1)};
}

// The year of a day count since 1970-01-01.
constexpr int64_t year_from_days(int64_t days) {
  return civil_from_days(days).year;
}

// 0 = Sunday.
constexpr int weekday_from_days(int64_t days) {
  return static_cast<int>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

constexpr int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace titrate::model::civil
