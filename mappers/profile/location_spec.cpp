#include "mappers/profile/location_spec.h"

namespace titrate::profile {
namespace {

constexpr uint32_t kMaxNumber = 999'999;

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A decimal number 1..kMaxNumber without leading zeros at spec[pos]; advances pos.
bool read_number(std::string_view spec, size_t& pos, uint32_t& out) {
  const size_t start = pos;
  uint32_t value = 0;
  while (pos < spec.size() && is_digit(spec[pos])) {
    if (pos > start && value == 0) return false;  // leading zero
    value = value * 10 + static_cast<uint32_t>(spec[pos] - '0');
    if (value > kMaxNumber) return false;
    ++pos;
  }
  if (pos == start || value == 0) return false;
  out = value;
  return true;
}

// An optional "[n]"; false only when it is present and malformed.
bool read_bracketed(std::string_view spec, size_t& pos, uint32_t& out) {
  if (pos >= spec.size() || spec[pos] != '[') return true;
  ++pos;
  if (!read_number(spec, pos, out) || pos >= spec.size() || spec[pos] != ']') return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<LocationSpec> parse_location_spec(std::string_view spec) {
  if (spec.size() < 3 || !is_upper(spec[0])) return std::nullopt;
  for (size_t i = 1; i < 3; ++i) {
    if (!is_upper(spec[i]) && !is_digit(spec[i])) return std::nullopt;
  }
  LocationSpec out;
  out.segment = spec.substr(0, 3);
  size_t pos = 3;
  if (!read_bracketed(spec, pos, out.occurrence)) return std::nullopt;
  if (pos == spec.size()) return out;
  if (spec[pos++] != '-' || !read_number(spec, pos, out.field)) return std::nullopt;
  if (!read_bracketed(spec, pos, out.repetition)) return std::nullopt;
  if (pos < spec.size() && spec[pos] == '.') {
    ++pos;
    if (!read_number(spec, pos, out.component)) return std::nullopt;
    if (pos < spec.size() && spec[pos] == '.') {
      ++pos;
      if (!read_number(spec, pos, out.subcomponent)) return std::nullopt;
    }
  }
  if (pos != spec.size()) return std::nullopt;
  return out;
}

}  // namespace titrate::profile
