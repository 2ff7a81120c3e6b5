#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace titrate::profile {

// An HL7v2 location as written in a profile:
//   SEG["["occurrence"]"]["-"field["["repetition"]"]["."component["."subcomponent]]]
// SEG is [A-Z][A-Z0-9]{2}; every number is 1-999999. "PV1" (a segment), "PV1-19", "ZRX-1",
// "PID-3[2].4.1", "OBX[2]-5". Every spec with a field is also valid for hl7v2::parse_path.
struct LocationSpec {
  std::string_view segment;  // view into the spec text
  uint32_t occurrence = 1;
  uint32_t field = 0;         // 0: the whole segment
  uint32_t repetition = 0;    // 0: not given
  uint32_t component = 0;     // 0: not given
  uint32_t subcomponent = 0;  // 0: not given
};

// nullopt on a syntax error.
std::optional<LocationSpec> parse_location_spec(std::string_view spec);

}  // namespace titrate::profile
