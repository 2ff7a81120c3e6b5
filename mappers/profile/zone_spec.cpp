#include "mappers/profile/zone_spec.h"

namespace titrate::profile {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' || c == '-' ||
         c == '+';
}

}  // namespace

std::optional<int> parse_fixed_offset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  if (!is_digit(text[1]) || !is_digit(text[2]) || !is_digit(text[4]) || !is_digit(text[5])) {
    return std::nullopt;
  }
  const int hours = (text[1] - '0') * 10 + (text[2] - '0');
  const int minutes = (text[4] - '0') * 10 + (text[5] - '0');
  if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) return std::nullopt;
  const int total = hours * 60 + minutes;
  return text[0] == '-' ? -total : total;
}

bool is_zone_name_syntax(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  size_t part_start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      const std::string_view part = name.substr(part_start, i - part_start);
      if (part.empty()) return false;
      part_start = i + 1;
    } else if (!is_name_char(name[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace titrate::profile
