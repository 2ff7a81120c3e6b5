#include "mappers/hl7v2/delimiters.h"

namespace titrate::hl7v2 {

std::string Delimiters::encoding_characters() const {
  std::string out;
  // Positional: an undeclared character ends the list.
  for (char c : {component, repetition, escape, subcomponent, truncation}) {
    if (c == '\0') break;
    out += c;
  }
  return out;
}

bool Delimiters::valid() const {
  const char chars[] = {field, component, repetition, escape, subcomponent, truncation};
  if (field == '\0' || component == '\0' || repetition == '\0') return false;
  for (size_t a = 0; a < 6; ++a) {
    const char c = chars[a];
    if (c == '\0') continue;
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c <= 0x20 || c >= 0x7F || alnum) return false;
    for (size_t b = a + 1; b < 6; ++b) {
      if (c == chars[b]) return false;
    }
  }
  return true;
}

}  // namespace titrate::hl7v2
