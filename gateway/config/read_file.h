#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace titrate::config {

// The bytes of a regular file, or nullopt when it is missing, unreadable or larger than max_bytes.
std::optional<std::string> read_file(const std::filesystem::path& path,
                                     std::uintmax_t max_bytes = std::uintmax_t{256} << 20);

}  // namespace titrate::config
