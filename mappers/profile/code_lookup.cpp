// The lookups the mappers use on a profile: local codes and unit spellings.
#include "gateway/model/units.h"
#include "mappers/profile/mapping_profile.h"
#include "mappers/profile/text.h"

namespace titrate::profile {

const CodeMapEntry* find_code(const std::vector<CodeMapEntry>& map, std::string_view system,
                              std::string_view code) {
  // An entry for the exact coding system wins over one that accepts any system.
  for (const CodeMapEntry& entry : map) {
    if (!entry.from_system.empty() && entry.from_code == code &&
        equals_ignore_case(entry.from_system, system)) {
      return &entry;
    }
  }
  for (const CodeMapEntry& entry : map) {
    if (entry.from_system.empty() && entry.from_code == code) return &entry;
  }
  return nullptr;
}

std::optional<std::string> to_ucum(const MappingProfile& profile, std::string_view unit) {
  if (unit.empty()) return std::nullopt;
  for (const auto& [local, ucum_code] : profile.units) {
    if (equals_ignore_case(local, unit)) return ucum_code;
  }
  return units::canonical_ucum(unit);
}

}  // namespace titrate::profile
