#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Text helpers shared by the JSON codecs (the model codec and the bus envelope): UTF-8 repair
// for strings that come from received messages, and JSON-pointer tokens for error locations.
namespace titrate::model::json_text {

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0.
inline size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// `s` itself when it is well-formed UTF-8; otherwise a copy in `storage` with each byte that
// does not start a well-formed sequence replaced by U+FFFD, so the JSON written is always valid.
inline std::string_view valid_utf8(std::string_view s, std::string& storage) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = utf8_sequence_length(s, i);
    if (n == 0) break;
    i += n;
  }
  if (i == s.size()) return s;
  storage.assign(s.substr(0, i));
  while (i < s.size()) {
    const size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      storage += "\xEF\xBF\xBD";
      ++i;
    } else {
      storage.append(s.substr(i, n));
      i += n;
    }
  }
  return storage;
}

// Appends "/token" to a JSON pointer, escaping '~' and '/' (RFC 6901).
inline void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

}  // namespace titrate::model::json_text
