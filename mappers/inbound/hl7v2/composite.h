#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "mappers/hl7v2/diagnostic.h"
#include "mappers/hl7v2/pieces.h"

namespace titrate::inbound {

// One raw element of a message read as a composite data type. At field level its parts are
// components and their sub-parts subcomponents; an element that is itself a component (a
// CQ unit, or a profile location such as "OBR-4.1") has subcomponents as parts and no
// sub-parts. Views only: nothing is copied.
struct Composite {
  std::string_view raw;
  char separator = '\0';      // splits raw into parts ('\0': raw is one part)
  char sub_separator = '\0';  // splits a part into sub-parts

  // Not sent, or the explicit null "" (the model has no "delete this value").
  bool empty() const { return raw.empty() || raw == "\"\""; }
  // Part n (1-based); empty when absent.
  std::string_view part(size_t n) const {
    return hl7v2::piece(raw, separator, n).value_or(std::string_view{});
  }
  Composite sub(size_t n) const { return {part(n), sub_separator, '\0'}; }
};

// An element together with where it was read, for issues and for the unmapped list.
struct Located {
  Composite value;
  hl7v2::Location where;          // field (or component) location
  std::optional<size_t> segment;  // 0-based index in the message; nullopt when absent

  bool present() const { return !value.empty(); }
  // The location of part n: the next level down from `where`.
  hl7v2::Location part_where(size_t n) const {
    hl7v2::Location at = where;
    if (at.component == 0) {
      at.component = static_cast<uint32_t>(n);
    } else if (at.subcomponent == 0) {
      at.subcomponent = static_cast<uint32_t>(n);
    }
    return at;
  }
};

}  // namespace titrate::inbound
