#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace titrate::test_support {

// Reads every record of `topic` from its first offset up to the high watermarks found at the
// start (no consumer group, nothing committed) and writes one JSON line per record to `out`:
//   {"partition":0,"offset":3,"key":"...","headers":{"titrate-event-id":"..."},"value":"..."}
// `value` is the record value as a JSON string. Returns false, with the reason on stderr, when
// the topic is unknown or the end is not reached within `timeout`.
bool dump_topic(const std::string& bootstrap, const std::string& topic,
                std::chrono::milliseconds timeout, std::FILE* out);

}  // namespace titrate::test_support
