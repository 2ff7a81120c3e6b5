// The "timestamps" section: what to do with a timestamp that carries no UTC offset.
#include "mappers/profile/profile_sections.h"
#include "mappers/profile/zone_spec.h"

namespace titrate::profile::sections {
namespace {

std::optional<TimeZone> read_zone(std::string_view text, const std::string& pointer,
                                  json::Errors& errors, ZoneLoader load_zone) {
  if (text == "UTC") return TimeZone();
  if (text.front() == '+' || text.front() == '-') {
    if (auto minutes = parse_fixed_offset(text))
      return TimeZone::fixed(*minutes, std::string(text));
    errors.add(pointer, "expected a UTC offset written +HH:MM or -HH:MM, from -18:00 to +18:00");
    return std::nullopt;
  }
  std::optional<std::string> bytes;
  if (is_zone_name_syntax(text) && load_zone) bytes = load_zone(text);
  if (!bytes) {
    errors.add(pointer, "unknown time zone " + json::quoted(text) +
                            " (expected \"UTC\", an offset like \"+05:30\" or an IANA name like "
                            "\"America/Chicago\")");
    return std::nullopt;
  }
  std::optional<TimeZone> zone = TimeZone::from_tzif(*bytes, std::string(text));
  if (!zone)
    errors.add(pointer, "time zone " + json::quoted(text) + ": its TZif data is not valid");
  return zone;
}

}  // namespace

void read_timestamps(const rapidjson::Value& value, const std::string& pointer,
                     json::Errors& errors, ZoneLoader load_zone, TimestampPolicy& out) {
  if (!json::expect_object(value, pointer, errors)) return;
  json::ObjectFields fields(value, pointer, errors);
  const std::optional<std::string> policy = json::required_string(fields, "without_offset");
  const rapidjson::Value* zone = fields.take("zone");
  if (policy == "reject") {
    out.reject_without_offset = true;
    if (zone) {
      errors.add(fields.pointer("zone"),
                 "not used when without_offset is \"reject\"; remove it or use \"assume\"");
    }
  } else if (policy == "assume") {
    if (!zone) {
      errors.add(fields.pointer("zone"),
                 "required when without_offset is \"assume\": \"UTC\", an offset like \"+05:30\" "
                 "or an IANA name like \"America/Chicago\"");
    }
  } else if (policy) {
    errors.add(fields.pointer("without_offset"), "expected \"assume\" or \"reject\"");
  }
  if (zone && policy != "reject") {
    if (auto name = json::string_value(*zone, fields.pointer("zone"), errors)) {
      if (auto parsed = read_zone(*name, fields.pointer("zone"), errors, load_zone)) {
        out.zone = std::move(*parsed);
      }
    }
  }
  fields.finish();
}

}  // namespace titrate::profile::sections
