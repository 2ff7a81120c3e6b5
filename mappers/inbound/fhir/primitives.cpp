#include "mappers/inbound/fhir/primitives.h"

#include <array>
#include <cstdint>
#include <utility>

namespace titrate::inbound::fhir {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `n` digits at `pos` into `out`; advances `pos`.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!is_digit(s[pos + i])) return false;
    out = out * 10 + (s[pos + i] - '0');
  }
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

int days_in_month(int year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// YYYY, YYYY-MM or YYYY-MM-DD from `pos`; `full` is set when all three parts are there.
bool parse_date(std::string_view s, size_t& pos, bool& full) {
  int year = 0, month = 0, day = 0;
  full = false;
  if (!digits(s, pos, 4, year) || year == 0) return false;
  if (pos == s.size() || s[pos] != '-') return true;
  ++pos;
  if (!digits(s, pos, 2, month) || month < 1 || month > 12) return false;
  if (pos == s.size() || s[pos] != '-') return true;
  ++pos;
  if (!digits(s, pos, 2, day) || day < 1 || day > days_in_month(year, month)) return false;
  full = true;
  return true;
}

// hh:mm:ss with optional fraction.
bool parse_time(std::string_view s, size_t& pos) {
  int hour = 0, minute = 0, second = 0;
  if (!digits(s, pos, 2, hour) || hour > 23 || !expect(s, pos, ':')) return false;
  if (!digits(s, pos, 2, minute) || minute > 59 || !expect(s, pos, ':')) return false;
  if (!digits(s, pos, 2, second) || second > 60) return false;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    if (pos == start) return false;
  }
  return true;
}

// Z or +hh:mm / -hh:mm (at most 14:00), up to the end of the text.
bool parse_offset(std::string_view s, size_t& pos) {
  if (pos < s.size() && s[pos] == 'Z') return ++pos == s.size();
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return false;
  ++pos;
  int hour = 0, minute = 0;
  if (!digits(s, pos, 2, hour) || !expect(s, pos, ':') || !digits(s, pos, 2, minute)) return false;
  if (hour > 14 || minute > 59 || (hour == 14 && minute != 0)) return false;
  return pos == s.size();
}

bool is_code_text(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\t' || c == '\n' || c == '\r') return false;
    if (c == ' ' && s[i + 1] == ' ') return false;
  }
  return true;
}

bool is_id_text(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok =
        is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool has_whitespace(std::string_view s) {
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return true;
  }
  return false;
}

bool is_base64_text(std::string_view s) {
  for (char c : s) {
    const bool ok = is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+' ||
                    c == '/' || c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (!ok) return false;
  }
  return true;
}

// A JSON number's text as an integer within the 32-bit range FHIR uses.
bool integer_value(std::string_view text, int64_t& out) {
  size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++pos;
  if (pos == text.size() || text.size() - pos > 10) return false;
  out = 0;
  for (; pos < text.size(); ++pos) {
    if (!is_digit(text[pos])) return false;
    out = out * 10 + (text[pos] - '0');
  }
  if (negative) out = -out;
  return out >= INT32_MIN && out <= INT32_MAX;
}

constexpr std::array<std::pair<std::string_view, Primitive>, 20> kNames = {{
    {"boolean", Primitive::kBoolean},
    {"integer", Primitive::kInteger},
    {"positiveInt", Primitive::kPositiveInt},
    {"unsignedInt", Primitive::kUnsignedInt},
    {"decimal", Primitive::kDecimal},
    {"string", Primitive::kString},
    {"code", Primitive::kCode},
    {"id", Primitive::kId},
    {"uri", Primitive::kUri},
    {"url", Primitive::kUrl},
    {"uuid", Primitive::kUri},
    {"canonical", Primitive::kCanonical},
    {"oid", Primitive::kOid},
    {"markdown", Primitive::kMarkdown},
    {"base64Binary", Primitive::kBase64Binary},
    {"xhtml", Primitive::kXhtml},
    {"date", Primitive::kDate},
    {"dateTime", Primitive::kDateTime},
    {"instant", Primitive::kInstant},
    {"time", Primitive::kTime},
}};

std::optional<std::string> check_number(Primitive type, const JsonValue& value) {
  if (!value.is_number()) {
    return "expected a JSON number, got " + std::string(describe(value.kind)) +
           " (FHIR JSON writes numbers without quotes)";
  }
  if (type == Primitive::kDecimal) return std::nullopt;
  int64_t n = 0;
  if (!integer_value(value.text, n)) return std::string("expected a 32-bit integer");
  if (type == Primitive::kPositiveInt && n < 1) return std::string("expected a positive integer");
  if (type == Primitive::kUnsignedInt && n < 0)
    return std::string("expected a non-negative integer");
  return std::nullopt;
}

std::optional<std::string> check_text(Primitive type, std::string_view s) {
  bool without_offset = false;
  switch (type) {
    case Primitive::kString:
    case Primitive::kMarkdown:
    case Primitive::kXhtml:
      if (s.empty()) return std::string("empty strings are not allowed");
      return std::nullopt;
    case Primitive::kCode:
      if (!is_code_text(s)) return std::string("not a valid code (empty or stray whitespace)");
      return std::nullopt;
    case Primitive::kId:
      if (!is_id_text(s)) return std::string("not a valid id (1-64 of A-Z a-z 0-9 - .)");
      return std::nullopt;
    case Primitive::kUri:
    case Primitive::kUrl:
    case Primitive::kCanonical:
      if (s.empty() || has_whitespace(s)) return std::string("not a valid URI");
      return std::nullopt;
    case Primitive::kOid:
      if (s.substr(0, 8) != "urn:oid:" || has_whitespace(s)) return std::string("not a valid OID");
      return std::nullopt;
    case Primitive::kBase64Binary:
      if (!is_base64_text(s)) return std::string("not valid base64");
      return std::nullopt;
    case Primitive::kDate:
      if (!is_fhir_date(s)) return std::string("not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)");
      return std::nullopt;
    case Primitive::kDateTime:
      if (is_fhir_date_time(s, &without_offset)) return std::nullopt;
      if (without_offset) {
        return std::string("a dateTime with a time of day must carry a UTC offset");
      }
      return std::string("not a valid dateTime");
    case Primitive::kInstant:
      if (!is_fhir_instant(s)) return std::string("not a valid instant (full time with offset)");
      return std::nullopt;
    case Primitive::kTime:
      if (!is_fhir_time(s)) return std::string("not a valid time (hh:mm:ss)");
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<Primitive> primitive_named(std::string_view name) {
  for (const auto& [n, p] : kNames) {
    if (n == name) return p;
  }
  return std::nullopt;
}

bool is_fhir_date(std::string_view text) {
  size_t pos = 0;
  bool full = false;
  return parse_date(text, pos, full) && pos == text.size();
}

bool is_fhir_time(std::string_view text) {
  size_t pos = 0;
  return parse_time(text, pos) && pos == text.size();
}

bool is_fhir_date_time(std::string_view text, bool* time_without_offset) {
  if (time_without_offset != nullptr) *time_without_offset = false;
  size_t pos = 0;
  bool full = false;
  if (!parse_date(text, pos, full)) return false;
  if (pos == text.size()) return true;
  if (!full || text[pos] != 'T') return false;
  ++pos;
  if (!parse_time(text, pos)) return false;
  if (pos == text.size()) {
    if (time_without_offset != nullptr) *time_without_offset = true;
    return false;
  }
  return parse_offset(text, pos);
}

bool is_fhir_instant(std::string_view text) {
  size_t pos = 0;
  bool full = false;
  if (!parse_date(text, pos, full) || !full || !expect(text, pos, 'T')) return false;
  return parse_time(text, pos) && parse_offset(text, pos);
}

std::optional<std::string> check_primitive(Primitive type, const JsonValue& value) {
  switch (type) {
    case Primitive::kBoolean:
      if (value.kind != JsonValue::Kind::kBool) {
        return "expected a JSON boolean, got " + std::string(describe(value.kind));
      }
      return std::nullopt;
    case Primitive::kInteger:
    case Primitive::kPositiveInt:
    case Primitive::kUnsignedInt:
    case Primitive::kDecimal:
      return check_number(type, value);
    default:
      if (!value.is_string())
        return "expected a JSON string, got " + std::string(describe(value.kind));
      return check_text(type, value.text);
  }
}

}  // namespace titrate::inbound::fhir
