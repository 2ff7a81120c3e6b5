#pragma once

#include <algorithm>
#include <chrono>

namespace titrate::bus {

// The wait after the nth failure in a row (n >= 1): `initial`, doubled after each further
// failure, never above `max`.
inline std::chrono::milliseconds backoff_delay(std::chrono::milliseconds initial,
                                               std::chrono::milliseconds max, int failures) {
  std::chrono::milliseconds delay = initial;
  for (int i = 1; i < failures && delay < max; ++i) delay *= 2;
  return std::min(delay, max);
}

}  // namespace titrate::bus
