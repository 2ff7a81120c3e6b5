#pragma once

#include <cstdint>
#include <optional>

#include "gateway/model/values.h"

// Model DateTime text (FHIR dateTime) to an instant and back, and the calendar day of an
// instant in a sender's UTC offset. Events are ordered and dosing rules compare by the instant,
// whatever offsets the senders use.
namespace titrate::clock {

struct Instant {
  int64_t us = 0;          // microseconds since the Unix epoch, UTC
  int offset_minutes = 0;  // the text's offset (0 for "Z" and for a date without a time)
  bool has_time = false;   // false for "2026-11-21", "2026-11", "2026"
};

// "2026", "2026-11", "2026-11-21" (the start of that period, UTC) and
// "2026-11-21T08:30[:00[.250]](Z|+hh:mm|-hh:mm)"; fractions beyond microseconds are dropped.
// nullopt for anything else, including a time without an offset and a day the month lacks.
std::optional<Instant> parse_date_time(const model::DateTime& text);

// Days since 1970-01-01 of the local calendar date of `us` at `offset_minutes`.
int64_t local_day(int64_t us, int offset_minutes);

// "2026-11-21T08:30:00.000-05:00" (or "...Z" for offset 0).
model::DateTime format_date_time(int64_t us, int offset_minutes);

}  // namespace titrate::clock
