#include "gateway/log/log.h"

#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>

#include "gateway/clock/utc_time.h"

namespace titrate::log {
namespace {

std::atomic<Level> g_min_level{Level::kInfo};

const char* level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "?";
}

}  // namespace

void set_min_level(Level level) {
  g_min_level = level;
}

void write(Level level, const char* format, ...) {
  if (level < g_min_level.load(std::memory_order_relaxed)) return;
  char line[2048];
  int n = std::snprintf(line, sizeof line, "%s %s ", clock::iso8601_utc(clock::now_us()).c_str(),
                        level_name(level));
  va_list args;
  va_start(args, format);
  int m = std::vsnprintf(line + n, sizeof line - n - 1, format, args);
  va_end(args);
  size_t len = static_cast<size_t>(n) + (m < 0 ? 0 : std::min<size_t>(m, sizeof line - n - 2));
  line[len++] = '\n';
  // One fwrite per line keeps concurrent lines whole.
  std::fwrite(line, 1, len, stderr);
}

}  // namespace titrate::log
