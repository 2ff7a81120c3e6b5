#pragma once

#include <cstdint>
#include <string>

// Wall-clock time as microseconds since the Unix epoch, and its UTC renderings.
namespace titrate::clock {

int64_t now_us();
// 2026-11-21T09:30:00.123Z
std::string iso8601_utc(int64_t us);
// HL7 DTM with milliseconds and offset: 20261121093000.123+0000
std::string hl7_dtm_utc(int64_t us);

}  // namespace titrate::clock
