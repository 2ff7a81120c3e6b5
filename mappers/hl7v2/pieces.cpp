#include "mappers/hl7v2/pieces.h"

namespace titrate::hl7v2 {

std::optional<std::string_view> piece(std::string_view s, char sep, size_t n) {
  if (n == 0) return std::nullopt;
  if (sep == '\0') {
    if (n == 1) return s;
    return std::nullopt;
  }
  size_t begin = 0;
  for (size_t i = 1; i < n; ++i) {
    size_t next = s.find(sep, begin);
    if (next == std::string_view::npos) return std::nullopt;
    begin = next + 1;
  }
  size_t end = s.find(sep, begin);
  if (end == std::string_view::npos) end = s.size();
  return s.substr(begin, end - begin);
}

size_t piece_count(std::string_view s, char sep) {
  if (sep == '\0') return 1;
  size_t count = 1;
  for (char c : s) count += (c == sep);
  return count;
}

Pieces::iterator::iterator(std::string_view s, char sep, bool end) : s_(s), sep_(sep) {
  done_ = end;
  if (!end) load();
}

void Pieces::iterator::load() {
  size_t stop = sep_ == '\0' ? std::string_view::npos : s_.find(sep_, begin_);
  if (stop == std::string_view::npos) stop = s_.size();
  current_ = s_.substr(begin_, stop - begin_);
}

Pieces::iterator& Pieces::iterator::operator++() {
  size_t next = begin_ + current_.size();
  if (next >= s_.size()) {
    done_ = true;
    return *this;
  }
  begin_ = next + 1;  // skip the separator
  load();
  return *this;
}

}  // namespace titrate::hl7v2
