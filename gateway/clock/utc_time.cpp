#include "gateway/clock/utc_time.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "gateway/clock/date_time.h"

namespace titrate::clock {
namespace {

struct Parts {
  tm utc{};
  int millis = 0;
};

Parts split(int64_t us) {
  Parts p;
  const time_t seconds = static_cast<time_t>(us / 1000000);
  gmtime_r(&seconds, &p.utc);
  p.millis = static_cast<int>((us / 1000) % 1000);
  return p;
}

}  // namespace

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso8601_utc(int64_t us) {
  return format_date_time(us, 0).value;
}

std::string hl7_dtm_utc(int64_t us) {
  const Parts p = split(us);
  char text[64];
  std::snprintf(text, sizeof text, "%04d%02d%02d%02d%02d%02d.%03d+0000", p.utc.tm_year + 1900,
                p.utc.tm_mon + 1, p.utc.tm_mday, p.utc.tm_hour, p.utc.tm_min, p.utc.tm_sec,
                p.millis);
  return text;
}

}  // namespace titrate::clock
