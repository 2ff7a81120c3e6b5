#pragma once

// Internal: recognition of HL7 escape sequences, shared by escape.cpp and the parser.

#include <cstddef>
#include <string>
#include <string_view>

#include "mappers/hl7v2/delimiters.h"

namespace titrate::hl7v2::detail {

enum class EscapeKind { kDelimiter, kHex, kVerbatim, kUnknown };

struct EscapeInfo {
  EscapeKind kind = EscapeKind::kUnknown;
  char delimiter = '\0';  // for kDelimiter
};

// body: the text between the two escape characters ("F", "X0D0A", ".br" ...).
EscapeInfo classify_escape(std::string_view body, const Delimiters& d);

// Appends the bytes of a valid hex body ("X0D0A" -> "\r\n"); false (nothing appended) if invalid.
bool decode_hex(std::string_view body, std::string& out);

// s[i] is the escape character. Returns the offset of the closing escape character, or the
// offset where the sequence stops unterminated (a separator, CR/LF or the end of s).
size_t sequence_end(std::string_view s, size_t i, const Delimiters& d);

}  // namespace titrate::hl7v2::detail
