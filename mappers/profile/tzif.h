#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace titrate::profile {

// The parts of a TZif file (RFC 8536) that decide UTC offsets. Version 1 files give the 32-bit
// data; version 2 and later the 64-bit data and the footer. Leap-second records are skipped.
struct TzifData {
  std::vector<int64_t> transitions;   // UTC seconds, strictly ascending
  std::vector<uint8_t> type_after;    // local time type index in force from each transition
  std::vector<int32_t> type_offsets;  // seconds east of UTC of each local time type (at least one)
  std::string footer;                 // POSIX TZ string; empty when absent
};

// nullopt when the bytes are not valid TZif (bad magic or version, truncated data, counts that
// do not fit, type indices out of range, transitions out of order, offsets out of range).
std::optional<TzifData> parse_tzif(std::string_view bytes);

}  // namespace titrate::profile
