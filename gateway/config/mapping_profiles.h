#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/profile/mapping_profile.h"

namespace titrate::config {

// Loads every *.json in `directory` (sorted by file name) as a mapping profile, with TZif data
// for named zones from /usr/share/zoneinfo. Throws ConfigError listing every mistake of every
// file, one per line ("file: /json/pointer: what was expected"): syntax and content of each
// profile, two profiles with the same name or the same match, more than one default profile,
// a missing folder or a folder without profiles.
std::vector<profile::MappingProfile> load_mapping_profiles(const std::string& directory);

// The TZif bytes of a zone from /usr/share/zoneinfo; nullopt for names that could escape the
// folder (containing "..", starting with "/"), missing files and non-files.
std::optional<std::string> read_system_zone(std::string_view zone_name);

}  // namespace titrate::config
