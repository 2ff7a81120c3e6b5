#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace titrate::hl7v2 {

// Character sets of MSH-18 (HL7 table 0211) that the codec handles.
enum class Charset {
  kAscii,        // MSH-18 empty or "ASCII": validated as UTF-8 (a superset) to be lenient
  kUtf8,         // "UNICODE UTF-8" (and the common alias "UTF-8")
  kLatin1,       // "8859/1": decoded to UTF-8 by Message::text()
  kUnsupported,  // anything else: the parser reports error 103 on MSH-18
};

Charset charset_from_msh18(std::string_view msh18);

// True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). On failure
// *error_offset (if given) receives the offset of the first byte of the bad sequence.
bool is_valid_utf8(std::string_view s, size_t* error_offset = nullptr);
// True when any byte has the high bit set (bulk check, 16 bytes at a time).
bool has_high_bit(std::string_view s);

void latin1_to_utf8_append(std::string_view latin1, std::string& out);
// Copies s, replacing every ill-formed UTF-8 sequence by U+FFFD.
void sanitize_utf8_append(std::string_view s, std::string& out);

}  // namespace titrate::hl7v2
