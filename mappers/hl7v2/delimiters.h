#pragma once

#include <string>

namespace titrate::hl7v2 {

// Delimiters read from MSH-1 (field) and MSH-2 (the encoding characters, in order: component,
// repetition, escape, subcomponent, truncation). MSH-2 is read positionally: a character that the
// message did not declare is '\0' (e.g. MSH-2 "^~\&" has no truncation character, "^~}" has no
// subcomponent separator and "}" as escape character).
struct Delimiters {
  char field = '|', component = '^', repetition = '~', escape = '\\', subcomponent = '&';
  char truncation = '\0';  // 5th MSH-2 character (v2.7+); never splits anything

  // MSH-2 as it would be written for these delimiters ("^~\&", "^~\&#", "^~}" ...).
  std::string encoding_characters() const;
  // All declared characters are distinct, printable ASCII and not alphanumeric or space, and
  // the field, component and repetition separators are declared.
  bool valid() const;
  // True when c is one of the field/component/repetition/subcomponent separators.
  bool is_separator(char c) const {
    return c != '\0' && (c == field || c == component || c == repetition || c == subcomponent);
  }
  bool operator==(const Delimiters&) const = default;
};

}  // namespace titrate::hl7v2
