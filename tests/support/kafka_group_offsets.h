#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace titrate::test_support {

// Writes one JSON line per partition of `topic` to `out`: the offset consumer group `group` has
// committed (-1 when none) and the partition's high watermark:
//   {"partition":0,"committed":3,"end":3}
// The group is only asked, never joined. Returns false, with the reason on stderr, on error.
bool print_group_offsets(const std::string& bootstrap, const std::string& group,
                         const std::string& topic, std::chrono::milliseconds timeout,
                         std::FILE* out);

}  // namespace titrate::test_support
