#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/profile/posix_tz.h"

namespace titrate::profile {

// UTC offset rules of one zone: a fixed offset ("+05:30") or an IANA zone read from TZif data
// (the bytes of /usr/share/zoneinfo/<name>, handed over by the caller: no I/O here).
class TimeZone {
 public:
  TimeZone() = default;  // UTC
  static TimeZone fixed(int offset_minutes, std::string name);
  // Parses TZif v1/v2/v3 data (RFC 8536); nullopt when the bytes are not valid TZif.
  static std::optional<TimeZone> from_tzif(std::string_view bytes, std::string name);

  const std::string& name() const { return name_; }
  // The offset (minutes east of UTC) in force at a local wall-clock time, given as seconds since
  // 1970-01-01T00:00:00 *local*. In a DST gap or overlap the offset before the transition wins.
  int offset_at_local(int64_t local_seconds) const;
  // The offset in force at a UTC instant.
  int offset_at_utc(int64_t utc_seconds) const;

 private:
  std::string name_ = "UTC";
  int fixed_offset_minutes_ = 0;
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int> offsets_after_;    // minutes, offset in force from transitions_[i]
  int offset_before_first_ = 0;       // minutes
  // TZif v2+ footer: the rule for instants after the last transition (or for all instants
  // when there are none).
  std::optional<PosixTimeZone> footer_;
};

}  // namespace titrate::profile
