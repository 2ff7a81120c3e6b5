#include "mappers/outbound/hl7v2/hl7_dtm.h"

#include <algorithm>
#include <string_view>

namespace titrate::outbound::hl7v2 {
namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Copies `count` digits at `at` of `text` into `out`; false when they are not there.
bool take_digits(std::string_view text, size_t at, size_t count, std::string& out) {
  if (text.size() < at + count || !digits(text.substr(at, count))) return false;
  out.append(text.substr(at, count));
  return true;
}

}  // namespace

std::optional<std::string> to_hl7_dtm(const model::DateTime& time) {
  const std::string_view t = time.value;
  std::string out;
  // Date part: YYYY[-MM[-DD]].
  if (!take_digits(t, 0, 4, out)) return std::nullopt;
  if (t.size() == 4) return out;
  if (t[4] != '-' || !take_digits(t, 5, 2, out)) return std::nullopt;
  if (t.size() == 7) return out;
  if (t[7] != '-' || !take_digits(t, 8, 2, out)) return std::nullopt;
  if (t.size() == 10) return out;
  // Time part: Thh:mm[:ss[.f+]] then Z or +hh:mm / -hh:mm (required with a time).
  if (t[10] != 'T' || !take_digits(t, 11, 2, out)) return std::nullopt;
  if (t.size() < 16 || t[13] != ':' || !take_digits(t, 14, 2, out)) return std::nullopt;
  size_t at = 16;
  if (at < t.size() && t[at] == ':') {
    if (!take_digits(t, at + 1, 2, out)) return std::nullopt;
    at += 3;
    if (at < t.size() && t[at] == '.') {
      size_t end = at + 1;
      while (end < t.size() && t[end] >= '0' && t[end] <= '9') ++end;
      if (end == at + 1) return std::nullopt;
      out.append(t.substr(at, std::min<size_t>(end - at, 5)));  // DTM has 4 decimals at most
      at = end;
    }
  }
  const std::string_view zone = t.substr(at);
  if (zone == "Z") return out + "+0000";
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
      !digits(zone.substr(1, 2)) || !digits(zone.substr(4, 2))) {
    return std::nullopt;
  }
  out += zone[0];
  out.append(zone.substr(1, 2));
  out.append(zone.substr(4, 2));
  return out;
}

}  // namespace titrate::outbound::hl7v2
