#include "mappers/hl7v2/path.h"

namespace titrate::hl7v2 {
namespace {

bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Reads a decimal number >= 1 at s[pos]; advances pos.
bool read_number(std::string_view s, size_t& pos, uint32_t& out) {
  size_t start = pos;
  uint64_t v = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    v = v * 10 + static_cast<uint64_t>(s[pos] - '0');
    if (v > 1'000'000) return false;
    ++pos;
  }
  if (pos == start || v == 0) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

bool read_bracketed(std::string_view s, size_t& pos, uint32_t& out) {
  if (pos >= s.size() || s[pos] != '[') return true;  // optional
  ++pos;
  if (!read_number(s, pos, out)) return false;
  if (pos >= s.size() || s[pos] != ']') return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<Path> parse_path(std::string_view spec) {
  Path p;
  if (spec.size() < 5) return std::nullopt;
  for (size_t i = 0; i < 3; ++i) {
    if (!is_id_char(spec[i])) return std::nullopt;
  }
  p.segment = spec.substr(0, 3);
  size_t pos = 3;
  if (!read_bracketed(spec, pos, p.occurrence)) return std::nullopt;
  if (pos >= spec.size() || spec[pos] != '-') return std::nullopt;
  ++pos;
  if (!read_number(spec, pos, p.field)) return std::nullopt;
  if (!read_bracketed(spec, pos, p.repetition)) return std::nullopt;
  if (pos < spec.size() && spec[pos] == '.') {
    ++pos;
    if (!read_number(spec, pos, p.component)) return std::nullopt;
    if (pos < spec.size() && spec[pos] == '.') {
      ++pos;
      if (!read_number(spec, pos, p.subcomponent)) return std::nullopt;
    }
  }
  if (pos != spec.size()) return std::nullopt;
  return p;
}

}  // namespace titrate::hl7v2
