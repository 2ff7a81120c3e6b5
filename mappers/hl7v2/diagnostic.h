#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mappers/hl7v2/delimiters.h"

namespace titrate::hl7v2 {

enum class Severity { kInfo, kWarning, kError };
std::string_view to_string(Severity);

// Location of a diagnostic. Numbers are 1-based; 0 means "not applicable / whole".
struct Location {
  std::string segment_id;           // "PID" (empty before any segment or when the ID is invalid)
  uint32_t segment_index = 0;       // position of the segment in the message, 1-based
  uint32_t segment_occurrence = 0;  // nth segment with this id (ERR-2.2 "segment sequence")
  uint32_t field = 0, repetition = 0, component = 0, subcomponent = 0;
  size_t byte_offset = 0;  // offset in the parsed buffer (after a stripped BOM)

  // "PID[1]-3[2].4.1"; "segment 4 (OBX)" when there is no field; "byte 17" when there is no
  // segment either; empty for a default Location.
  std::string to_string() const;
  // ERR-2 (ERL): SEG^seq^field^rep^comp^subcomp, zeros left empty, trailing empties dropped.
  std::string to_erl(const Delimiters&) const;
  bool operator==(const Location&) const = default;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  Location location;
  // HL7 table 0357 code as text: "100" segment sequence error, "101" required field missing,
  // "102" data type error, "103" table value not found, "104" value too long, "200" unsupported
  // message type, "203" unsupported version, "207" application internal error ...
  std::string code;
  // Readable English. Never contains field values (patient data): names the rule and location.
  std::string message;
};

// Display text of a table 0357 code ("207" -> "Application internal error"); empty if unknown.
std::string_view error_code_text(std::string_view code);

}  // namespace titrate::hl7v2
