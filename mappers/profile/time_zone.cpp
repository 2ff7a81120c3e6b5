#include "mappers/profile/time_zone.h"

#include <algorithm>

#include "gateway/model/civil_time.h"
#include "mappers/profile/tzif.h"

namespace titrate::profile {
namespace {

namespace civil = model::civil;

// Seconds east of UTC -> minutes; offsets in force since 1900 are whole minutes.
int to_minutes(int64_t seconds) {
  return static_cast<int>(civil::floor_div(seconds, 60));
}

}  // namespace

TimeZone TimeZone::fixed(int offset_minutes, std::string name) {
  TimeZone zone;
  zone.name_ = std::move(name);
  zone.fixed_offset_minutes_ = offset_minutes;
  return zone;
}

std::optional<TimeZone> TimeZone::from_tzif(std::string_view bytes, std::string name) {
  const std::optional<TzifData> data = parse_tzif(bytes);
  if (!data) return std::nullopt;
  TimeZone zone;
  zone.name_ = std::move(name);
  if (!data->footer.empty()) {
    zone.footer_ = PosixTimeZone::parse(data->footer);
    if (!zone.footer_) return std::nullopt;
  }
  // RFC 8536 §3.2: before the first transition (or always, without transitions and footer),
  // local time type 0 applies.
  zone.offset_before_first_ = to_minutes(data->type_offsets[0]);
  zone.fixed_offset_minutes_ = zone.offset_before_first_;
  zone.transitions_ = data->transitions;
  zone.offsets_after_.reserve(data->type_after.size());
  for (uint8_t type : data->type_after) {
    zone.offsets_after_.push_back(to_minutes(data->type_offsets[type]));
  }
  return zone;
}

int TimeZone::offset_at_utc(int64_t utc_seconds) const {
  if (transitions_.empty() || utc_seconds >= transitions_.back()) {
    if (footer_) return to_minutes(footer_->offset_at_utc(utc_seconds));
    return transitions_.empty() ? fixed_offset_minutes_ : offsets_after_.back();
  }
  const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  if (after == transitions_.begin()) return offset_before_first_;
  return offsets_after_[static_cast<size_t>(after - transitions_.begin()) - 1];
}

int TimeZone::offset_at_local(int64_t local_seconds) const {
  local_seconds = std::clamp(local_seconds, -civil::kMaxSeconds, civil::kMaxSeconds);
  // Every change that can affect this wall-clock time lies within a day of it (offsets stay
  // within ±26 hours), so compare the offsets a day either side. Changes less than two days
  // apart do not occur in the tz database.
  const int before = offset_at_utc(local_seconds - civil::kSecondsPerDay);
  const int after = offset_at_utc(local_seconds + civil::kSecondsPerDay);
  if (before == after) return before;
  // The local time read with the earlier offset is consistent: it is before the change, or in
  // an overlap (where the earlier offset wins).
  if (offset_at_utc(local_seconds - int64_t{before} * 60) == before) return before;
  if (offset_at_utc(local_seconds - int64_t{after} * 60) == after) return after;
  return before;  // in a gap: the offset before the change
}

}  // namespace titrate::profile
