#include "mappers/hl7v2/message.h"

#include <algorithm>

#include "mappers/hl7v2/escape.h"
#include "mappers/hl7v2/pieces.h"
#include "mappers/hl7v2/segment_ids.h"

namespace titrate::hl7v2 {

std::string_view Message::segment_raw(size_t index) const {
  const Segment& s = segments_[index];
  return raw_.substr(s.begin, s.end - s.begin);
}

std::string_view Message::segment_id(size_t index) const {
  const Segment& s = segments_[index];
  uint32_t end = s.sep_count ? seps_[s.first_sep] : s.end;
  return raw_.substr(s.begin, end - s.begin);
}

bool Message::is_header_segment(size_t index) const {
  return is_header_segment_id(segment_id(index));
}

size_t Message::field_count(size_t index) const {
  const Segment& s = segments_[index];
  if (s.sep_count == 0) return 0;
  return is_header_segment(index) ? s.sep_count + 1 : s.sep_count;
}

std::optional<std::string_view> Message::field(size_t index, size_t number) const {
  if (index >= segments_.size() || number == 0) return std::nullopt;
  const Segment& s = segments_[index];
  if (is_header_segment(index)) {
    if (s.sep_count == 0) return std::nullopt;
    if (number == 1) return raw_.substr(seps_[s.first_sep], 1);
    --number;  // MSH-2 is the first field after the separator
  }
  if (number > s.sep_count) return std::nullopt;
  uint32_t begin = seps_[s.first_sep + number - 1] + 1;
  uint32_t end = number < s.sep_count ? seps_[s.first_sep + number] : s.end;
  return raw_.substr(begin, end - begin);
}

std::optional<size_t> Message::find_segment(std::string_view id, size_t occurrence) const {
  if (occurrence == 0) return std::nullopt;
  for (size_t i = 0; i < segments_.size(); ++i) {
    if (segment_id(i) == id && --occurrence == 0) return i;
  }
  return std::nullopt;
}

std::optional<std::string_view> Message::value(const Path& path) const {
  auto index = find_segment(path.segment, path.occurrence);
  if (!index) return std::nullopt;
  auto f = field(*index, path.field);
  if (!f) return std::nullopt;
  std::optional<std::string_view> v = f;
  if (is_header_segment(*index) && path.field <= 2) {
    // MSH-1 and MSH-2 are never split.
    if (path.repetition > 1 || path.component > 1 || path.subcomponent > 1) return std::nullopt;
  } else if (path.repetition != 0 || path.component != 0) {
    const Delimiters& d = header_.delimiters;
    v = piece(*f, d.repetition, path.repetition ? path.repetition : 1);
    if (v && path.component) v = piece(*v, d.component, path.component);
    if (v && path.component && path.subcomponent) v = piece(*v, d.subcomponent, path.subcomponent);
  }
  if (!v || v->empty()) return std::nullopt;
  return v;
}

std::optional<std::string_view> Message::value(std::string_view spec) const {
  auto path = parse_path(spec);
  if (!path) return std::nullopt;
  return value(*path);
}

std::string Message::decode(std::string_view raw_value) const {
  std::string bytes = unescape(raw_value, header_.delimiters);
  switch (header_.charset) {
    case Charset::kLatin1: {
      std::string out;
      latin1_to_utf8_append(bytes, out);
      return out;
    }
    case Charset::kAscii:
    case Charset::kUtf8:
    case Charset::kUnsupported:
      // \X..\ escapes can produce bytes that are not UTF-8; text() promises UTF-8.
      if (has_high_bit(bytes) && !is_valid_utf8(bytes)) {
        std::string out;
        sanitize_utf8_append(bytes, out);
        return out;
      }
      return bytes;
  }
  return bytes;
}

std::optional<std::string> Message::text(const Path& path) const {
  auto v = value(path);
  if (!v) return std::nullopt;
  if (path.field <= 2 && is_header_segment_id(path.segment)) return std::string(*v);
  return decode(*v);
}

std::optional<std::string> Message::text(std::string_view spec) const {
  auto path = parse_path(spec);
  if (!path) return std::nullopt;
  return text(*path);
}

bool Message::is_null(std::string_view spec) const {
  auto v = value(spec);
  return v && *v == "\"\"";
}

Location Message::segment_location(size_t index) const {
  Location loc;
  std::string_view id = segment_id(index);
  loc.segment_index = static_cast<uint32_t>(index + 1);
  loc.byte_offset = segments_[index].begin;
  if (is_valid_segment_id(id)) {
    loc.segment_id = std::string(id);
    uint32_t occurrence = 0;
    for (size_t i = 0; i <= index; ++i) occurrence += segment_id(i) == id;
    loc.segment_occurrence = occurrence;
  }
  return loc;
}

Location Message::location_at(size_t offset) const {
  Location loc;
  loc.byte_offset = offset;
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](size_t off, const Segment& s) { return off < s.begin; });
  if (it == segments_.begin()) return loc;
  --it;
  if (offset > it->end) return loc;  // inside a skipped line
  size_t index = static_cast<size_t>(it - segments_.begin());
  loc = segment_location(index);
  loc.byte_offset = offset;
  auto first = seps_.begin() + it->first_sep;
  auto last = first + it->sep_count;
  size_t k = static_cast<size_t>(std::lower_bound(first, last, offset) - first);
  if (k == 0) return loc;
  bool header = is_header_segment(index);
  loc.field = static_cast<uint32_t>(header ? k + 1 : k);
  if (header && k == 1) return loc;  // MSH-2 has no inner structure
  const Delimiters& d = header_.delimiters;
  uint32_t rep = 1, comp = 1, sub = 1;
  for (size_t i = seps_[it->first_sep + k - 1] + 1; i < offset; ++i) {
    char c = raw_[i];
    if (c == d.repetition && c != '\0') {
      ++rep;
      comp = sub = 1;
    } else if (c == d.component && c != '\0') {
      ++comp;
      sub = 1;
    } else if (c == d.subcomponent && c != '\0') {
      ++sub;
    }
  }
  loc.repetition = rep;
  loc.component = comp;
  loc.subcomponent = sub;
  return loc;
}

}  // namespace titrate::hl7v2
