#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace titrate::profile {

// A POSIX TZ rule as found in the footer of a TZif v2+ file (RFC 8536 §3.3), e.g.
// "CST6CDT,M3.2.0,M11.1.0", "<+0530>-5:30", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1".
// Supports the Mm.w.d, Jn and n date forms, an optional /time (-167..167 hours, RFC 8536 §3.3.1),
// and quoted <...> designations. Offsets here are seconds east of UTC.
class PosixTimeZone {
 public:
  static std::optional<PosixTimeZone> parse(std::string_view text);

  int offset_at_utc(int64_t utc_seconds) const;  // seconds east of UTC
  int std_offset() const { return std_offset_; }
  bool has_dst() const { return has_dst_; }

  // When daylight time starts or ends in a rule.
  struct Date {
    enum class Kind { kJulianNoLeap, kZeroBased, kMonthWeekDay };
    Kind kind = Kind::kMonthWeekDay;
    int day = 0;                  // Jn: 1-365; n: 0-365; Mm.w.d: d (0 = Sunday)
    int month = 0;                // Mm.w.d: 1-12
    int week = 0;                 // Mm.w.d: 1-5 (5 = last)
    int time_seconds = 2 * 3600;  // local time of day of the change, default 02:00
  };

 private:
  // The UTC instant at which `date` falls in `year`, with the local clock at `offset`.
  static int64_t transition_utc(int64_t year, const Date& date, int offset);

  int std_offset_ = 0;
  bool has_dst_ = false;
  int dst_offset_ = 0;
  Date dst_start_;
  Date dst_end_;
};

}  // namespace titrate::profile
