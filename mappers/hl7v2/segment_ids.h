#pragma once

#include <string_view>

namespace titrate::hl7v2 {

// [A-Z][A-Z0-9][A-Z0-9]
bool is_valid_segment_id(std::string_view id);
// A segment defined by HL7 v2.1-v2.9 (Z-segments are not "standard").
bool is_standard_segment_id(std::string_view id);
// MSH, FHS or BHS: their field 1 is the field separator itself and field 2 the encoding
// characters.
inline bool is_header_segment_id(std::string_view id) {
  return id == "MSH" || id == "FHS" || id == "BHS";
}

}  // namespace titrate::hl7v2
