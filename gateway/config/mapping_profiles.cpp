#include "gateway/config/mapping_profiles.h"

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "gateway/config/config_error.h"
#include "gateway/config/read_file.h"
#include "mappers/profile/profile_set.h"

namespace titrate::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* kZoneInfoDir = "/usr/share/zoneinfo";
constexpr std::uintmax_t kMaxZoneBytes = 1 << 20;
constexpr std::uintmax_t kMaxProfileBytes = 16 << 20;

std::vector<fs::path> profile_files(const std::string& directory) {
  std::error_code ec;
  std::vector<fs::path> files;
  fs::directory_iterator it(directory, ec);
  if (ec)
    throw ConfigError(directory, "", "cannot read the mapping profile folder: " + ec.message());
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec)
    throw ConfigError(directory, "", "cannot read the mapping profile folder: " + ec.message());
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  return files;
}

}  // namespace

std::optional<std::string> read_system_zone(std::string_view zone_name) {
  if (zone_name.empty() || zone_name.front() == '/' ||
      zone_name.find("..") != std::string_view::npos ||
      zone_name.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  return read_file(fs::path(kZoneInfoDir) / std::string(zone_name), kMaxZoneBytes);
}

std::vector<profile::MappingProfile> load_mapping_profiles(const std::string& directory) {
  std::vector<profile::MappingProfile> profiles;
  std::vector<profile::ProfileError> errors;
  const std::vector<fs::path> files = profile_files(directory);
  if (files.empty()) {
    throw ConfigError(directory, "", "no mapping profiles (*.json) in the folder");
  }
  for (const fs::path& path : files) {
    const std::string file = path.string();
    const std::optional<std::string> text = read_file(path, kMaxProfileBytes);
    if (!text) {
      errors.push_back({file, "", "cannot read the file (or it is larger than 16 MiB)"});
      continue;
    }
    profile::ProfileParseResult parsed =
        profile::parse_mapping_profile(*text, file, &read_system_zone);
    errors.insert(errors.end(), parsed.errors.begin(), parsed.errors.end());
    if (parsed.profile) profiles.push_back(std::move(*parsed.profile));
  }
  const std::vector<profile::ProfileError> set_errors = profile::check_profile_set(profiles);
  errors.insert(errors.end(), set_errors.begin(), set_errors.end());
  if (!errors.empty()) {
    // One line per mistake; the exception's file and pointer are the first one's.
    std::string rest;
    for (size_t i = 1; i < errors.size(); ++i) {
      rest.push_back('\n');
      rest.append(errors[i].to_string());
    }
    throw ConfigError(errors[0].file, errors[0].pointer, errors[0].expected + rest);
  }
  return profiles;
}

}  // namespace titrate::config
