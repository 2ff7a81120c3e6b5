// libFuzzer target: a mapping profile parsed from JSON text. Every mistake must come back as a
// located ProfileError, never as an exception, and a profile comes back only without errors.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "mappers/profile/mapping_profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  const auto no_zones = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  const auto result = titrate::profile::parse_mapping_profile(json, "fuzz.json", no_zones);
  if (result.profile.has_value() == !result.errors.empty()) std::abort();
  for (const auto& error : result.errors) {
    if (error.to_string().empty()) std::abort();
  }
  return 0;
}
