#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mappers/hl7v2/diagnostic.h"

// Mapping issues carry their location as text ("RXE[1]-23.1", "ZPI[1]", "PID"); the ACK needs
// it structured (ERR-2). These two functions are each other's inverse for every location the
// HL7v2 mapping writes, so the text is the single source of truth.
namespace titrate::inbound {

// "SEG[occurrence]-field[repetition].component.subcomponent" as hl7v2::Location::to_string
// writes it; a whole segment is "SEG[occurrence]", a segment that is missing just "SEG".
std::string issue_location_text(const hl7v2::Location& location);

// The structured form of an issue location; nullopt for text that is not an HL7v2 location
// (a FHIRPath from the FHIR mapping, or an empty location). segment_index and byte_offset
// stay 0: ERR-2 does not use them.
std::optional<hl7v2::Location> parse_issue_location(std::string_view text);

}  // namespace titrate::inbound
