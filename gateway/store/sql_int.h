#pragma once

#include <cstddef>
#include <cstdint>

namespace titrate::store::detail {

// A count or offset as the signed 64-bit integer SQL binds (LIMIT / OFFSET), saturated.
inline int64_t as_sql_int(size_t n) {
  return n > static_cast<size_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(n);
}

}  // namespace titrate::store::detail
