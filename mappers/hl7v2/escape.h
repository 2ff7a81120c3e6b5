#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mappers/hl7v2/delimiters.h"
#include "mappers/hl7v2/diagnostic.h"

namespace titrate::hl7v2 {

// Decodes the escape sequences of one raw value (with the message's delimiters):
//   \F\ \S\ \T\ \R\ \E\ (and \P\ when a truncation character is declared) -> the delimiter;
//   \Xhh..\ -> the bytes;
//   formatting (\.br\ \.sp\ \.in+n\ \.ti-n\ \.sk+n\ \.ce\ \.fi\ \.nf\ \H\ \N\) and
//   \Z..\ \Cxxyy\ \Mxxyy[zz]\ are kept verbatim so that the text round-trips (see to_plain_text);
//   unknown or unterminated sequences are kept verbatim and reported (kWarning, code 102) in
//   *unknown when given, located at `where` (its byte_offset is the raw value's offset).
std::string unescape(std::string_view raw, const Delimiters&,
                     std::vector<Diagnostic>* unknown = nullptr, const Location& where = {});
// True when unescape(raw) would report something (unknown/unterminated sequence).
bool has_unknown_escape(std::string_view raw, const Delimiters&);

// Escapes text for use as one value: the separators and the escape character
// (\F\ \S\ \T\ \R\ \E\, \P\ for a declared truncation character), CR as \X0D\, LF as \X0A\, other
// control bytes as \Xhh\. An escape character that starts a formatting sequence kept verbatim by
// unescape() is copied as is, so escape(unescape(raw)) == raw for well-formed values.
void escape_append(std::string_view text, const Delimiters&, std::string& out);
std::string escape(std::string_view text, const Delimiters&);

// Display form of an unescaped text: \.br\ and \.ce\ become "\n", \.sp[n]\ n newlines,
// \H\ \N\ and the other formatting / character-set sequences are dropped.
std::string to_plain_text(std::string_view text, char escape_char = '\\');

}  // namespace titrate::hl7v2
