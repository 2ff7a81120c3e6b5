#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace titrate::hl7v2 {

// A location spec such as "PID-3", "PID-3[2].4.1", "OBX[2]-5" (2nd OBX) or "MSH-9.2".
//   SEG["["occurrence"]"]-field["["repetition"]"][.component[.subcomponent]]
// repetition 0 with component 0 means the whole field (all repetitions); a component without
// an explicit repetition means the first repetition.
struct Path {
  std::string_view segment;  // view into the spec string
  uint32_t occurrence = 1;
  uint32_t field = 0;
  uint32_t repetition = 0;
  uint32_t component = 0;
  uint32_t subcomponent = 0;
};

// nullopt on a syntax error (numbers must be >= 1, segment ID 3 characters [A-Z0-9]).
std::optional<Path> parse_path(std::string_view spec);

}  // namespace titrate::hl7v2
