#pragma once

#include <rapidjson/document.h>

#include "mappers/profile/json_fields.h"
#include "mappers/profile/mapping_profile.h"

// The readers of a profile's sections (used by parse_mapping_profile). Each reports its
// mistakes to `errors` and fills what it could read.
namespace titrate::profile::sections {

void read_match(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                SenderMatch& out);
void read_timestamps(const rapidjson::Value& value, const std::string& pointer,
                     json::Errors& errors, ZoneLoader load_zone, TimestampPolicy& out);
void read_identifier_systems(const rapidjson::Value& value, const std::string& pointer,
                             json::Errors& errors, std::map<std::string, std::string>& out);
void read_fields(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                 std::map<std::string, std::string>& out);
void read_required(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                   std::vector<std::string>& out);
void read_code_maps(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                    MappingProfile& out);

}  // namespace titrate::profile::sections
