#pragma once

#include <optional>
#include <string_view>

// How a profile names the zone of timestamps without an offset: "UTC", a fixed offset
// "+05:30" / "-06:00", or an IANA name ("America/Chicago") whose TZif data the caller supplies.
namespace titrate::profile {

// "+HH:MM" or "-HH:MM" (HH 00-18, MM 00-59) -> minutes east of UTC; nullopt otherwise.
std::optional<int> parse_fixed_offset(std::string_view text);

// An IANA zone name as written in the tz database: parts of letters, digits, '_', '-', '+'
// separated by single '/' (so never "." or "..", no leading or trailing '/'). Says nothing
// about whether the zone exists.
bool is_zone_name_syntax(std::string_view name);

}  // namespace titrate::profile
