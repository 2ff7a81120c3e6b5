#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gateway/model/values.h"

// The instants the dosing rules compare: FHIR dateTime text to microseconds since the epoch,
// and the calendar day of an instant in a sender's UTC offset (for per-day and course rules).
namespace titrate::dosing {

struct Instant {
  int64_t us = 0;          // UTC
  int offset_minutes = 0;  // the text's offset (0 for "Z" and for a date without a time)
  bool has_time = false;   // false for "2026-11-21", "2026-11", "2026"
};

// "2026", "2026-11", "2026-11-21" (the start of that day, UTC) and
// "2026-11-21T08:30[:00[.250]](Z|+hh:mm|-hh:mm)". nullopt for anything else.
std::optional<Instant> parse_instant(const model::DateTime& text);

// Days since 1970-01-01 of the local calendar date of `us` at `offset_minutes`.
int64_t local_day(int64_t us, int offset_minutes);

// "2026-11-21T08:30:00.000-05:00" (or "...Z" for offset 0).
model::DateTime format_instant(int64_t us, int offset_minutes);

}  // namespace titrate::dosing
