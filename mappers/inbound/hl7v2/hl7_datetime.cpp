#include "mappers/inbound/hl7v2/hl7_datetime.h"

#include <cstdint>
#include <optional>
#include <string>

#include "gateway/model/civil_time.h"

namespace titrate::inbound {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The fields of a DTM as read; 0 digits read means "not given".
struct DtmParts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  size_t date_digits = 0;  // 4, 6 or 8
  size_t time_digits = 0;  // 0, 2, 4 or 6
  std::string_view fraction;
  bool has_offset = false;
  int offset_minutes = 0;
  char offset_sign = '+';
};

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

std::optional<DtmParts> split(std::string_view dtm) {
  DtmParts p;
  size_t digits = 0;
  while (digits < dtm.size() && is_digit(dtm[digits])) ++digits;
  const std::string_view stamp = dtm.substr(0, digits);
  std::string_view rest = dtm.substr(digits);
  if (digits < 4 || digits > 14 || digits % 2 != 0) return std::nullopt;
  p.date_digits = digits < 8 ? digits : 8;
  p.time_digits = digits - p.date_digits;
  p.year = number(stamp.substr(0, 4));
  p.month = digits >= 6 ? number(stamp.substr(4, 2)) : 1;
  p.day = digits >= 8 ? number(stamp.substr(6, 2)) : 1;
  if (p.time_digits >= 2) p.hour = number(stamp.substr(8, 2));
  if (p.time_digits >= 4) p.minute = number(stamp.substr(10, 2));
  if (p.time_digits >= 6) p.second = number(stamp.substr(12, 2));
  if (!rest.empty() && rest.front() == '.') {
    size_t n = 1;
    while (n < rest.size() && is_digit(rest[n])) ++n;
    p.fraction = rest.substr(1, n - 1);
    rest.remove_prefix(n);
    if (p.time_digits != 6 || p.fraction.empty() || p.fraction.size() > 9) return std::nullopt;
  }
  if (!rest.empty()) {
    if (rest.size() != 5 || (rest[0] != '+' && rest[0] != '-')) return std::nullopt;
    for (char c : rest.substr(1)) {
      if (!is_digit(c)) return std::nullopt;
    }
    const int hours = number(rest.substr(1, 2));
    const int minutes = number(rest.substr(3, 2));
    if (hours > 14 || minutes > 59) return std::nullopt;
    p.has_offset = true;
    p.offset_sign = rest[0];
    p.offset_minutes = (rest[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  if (p.month < 1 || p.month > 12 || p.day < 1 ||
      p.day > model::civil::days_in_month(p.year, p.month) || p.hour > 23 || p.minute > 59 ||
      p.second > 59) {
    return std::nullopt;
  }
  return p;
}

void append2(std::string& out, int n) {
  out += static_cast<char>('0' + n / 10);
  out += static_cast<char>('0' + n % 10);
}

void append_date(std::string& out, const DtmParts& p) {
  append2(out, p.year / 100);
  append2(out, p.year % 100);
  if (p.date_digits >= 6) {
    out += '-';
    append2(out, p.month);
  }
  if (p.date_digits >= 8) {
    out += '-';
    append2(out, p.day);
  }
}

}  // namespace

DtmResult to_fhir_date(std::string_view dtm) {
  const std::optional<DtmParts> p = split(dtm);
  if (!p) return {DtmStatus::kMalformed, {}};
  DtmResult result;
  append_date(result.value.value, *p);
  return result;
}

DtmResult to_fhir_datetime(std::string_view dtm, const profile::TimestampPolicy& policy) {
  std::optional<DtmParts> p = split(dtm);
  if (!p) return {DtmStatus::kMalformed, {}};
  if (p->time_digits == 0) return to_fhir_date(dtm);
  if (p->date_digits != 8) return {DtmStatus::kMalformed, {}};  // a time needs a full date
  if (!p->has_offset) {
    if (policy.reject_without_offset) return {DtmStatus::kMissingOffset, {}};
    const int64_t local_seconds =
        model::civil::days_from_civil(p->year, p->month, p->day) * model::civil::kSecondsPerDay +
        p->hour * 3600 + p->minute * 60 + p->second;
    p->offset_minutes = policy.zone.offset_at_local(local_seconds);
    p->offset_sign = p->offset_minutes < 0 ? '-' : '+';
  }
  DtmResult result;
  std::string& out = result.value.value;
  out.reserve(35);
  append_date(out, *p);
  out += 'T';
  append2(out, p->hour);
  out += ':';
  append2(out, p->minute);
  out += ':';
  append2(out, p->second);
  if (!p->fraction.empty()) {
    out += '.';
    out += p->fraction;
  }
  const int magnitude = p->offset_minutes < 0 ? -p->offset_minutes : p->offset_minutes;
  out += p->offset_sign;
  append2(out, magnitude / 60);
  out += ':';
  append2(out, magnitude % 60);
  return result;
}

}  // namespace titrate::inbound
