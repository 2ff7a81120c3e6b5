#include "mappers/hl7v2/batch.h"

#include <charconv>
#include <optional>
#include <string>

namespace titrate::hl7v2 {
namespace {

struct Line {
  size_t begin = 0, end = 0, next = 0;  // next: start of the following line
};

Line next_line(std::string_view s, size_t begin) {
  Line l;
  l.begin = begin;
  size_t e = s.find_first_of("\r\n", begin);
  if (e == std::string_view::npos) {
    l.end = l.next = s.size();
    return l;
  }
  l.end = e;
  l.next = e + 1;
  if (s[e] == '\r' && l.next < s.size() && s[l.next] == '\n') ++l.next;
  return l;
}

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\v' && c != '\f') return false;
  }
  return true;
}

// "MSH", "BTS" ... followed by a non-alphanumeric character (the field separator) or nothing.
bool starts_segment(std::string_view line, std::string_view id) {
  if (line.substr(0, 3) != id) return false;
  if (line.size() == 3) return true;
  char c = line[3];
  return !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
}

// Field 1 of a BTS/FTS line, as a count; nullopt when empty or not a number.
std::optional<size_t> count_field(std::string_view line) {
  if (line.size() < 5) return std::nullopt;
  char fs = line[3];
  std::string_view v = line.substr(4);
  v = v.substr(0, v.find(fs));
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  // A component separator may follow the number (NM is a simple type, but be lenient).
  size_t n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || ptr == v.data()) return std::nullopt;
  return n;
}

Diagnostic make(Severity sev, std::string_view id, uint32_t line_no, uint32_t field, size_t offset,
                std::string message) {
  Diagnostic d;
  d.severity = sev;
  d.location.segment_id = std::string(id);
  d.location.segment_index = line_no;
  d.location.field = field;
  d.location.byte_offset = offset;
  d.code = "100";
  d.message = std::move(message);
  return d;
}

}  // namespace

SplitResult split_messages(std::string_view bytes) {
  SplitResult r;
  size_t start = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::string_view s = bytes;

  size_t msg_begin = std::string_view::npos;
  auto close = [&](size_t end) {
    if (msg_begin != std::string_view::npos)
      r.messages.push_back(s.substr(msg_begin, end - msg_begin));
    msg_begin = std::string_view::npos;
  };

  bool file_open = false, batch_open = false, seen_content = false;
  size_t batches = 0, batch_messages = 0;
  uint32_t line_no = 0;
  for (size_t pos = start; pos < s.size();) {
    Line l = next_line(s, pos);
    pos = l.next;
    std::string_view line = s.substr(l.begin, l.end - l.begin);
    if (is_blank(line)) {
      if (!seen_content) {
        r.diagnostics.push_back(make(Severity::kWarning, "", 0, 0, l.begin,
                                     "blank line before the first segment skipped"));
      }
      continue;  // blank lines inside a message are left to parse()
    }
    ++line_no;
    if (!seen_content) {
      seen_content = true;
      if (!starts_segment(line, "MSH") && !starts_segment(line, "FHS") &&
          !starts_segment(line, "BHS")) {
        r.messages.push_back(s.substr(l.begin));
        r.diagnostics.push_back(make(Severity::kError, "", 1, 0, l.begin,
                                     "not an HL7v2 message: expected MSH, FHS or BHS"));
        return r;
      }
    }
    if (starts_segment(line, "MSH")) {
      close(l.begin);
      msg_begin = l.begin;
      ++batch_messages;
    } else if (starts_segment(line, "FHS")) {
      close(l.begin);
      r.batch = true;
      if (file_open) {
        r.diagnostics.push_back(make(Severity::kWarning, "FHS", line_no, 0, l.begin,
                                     "FHS inside an open file batch (FTS missing)"));
      }
      file_open = true;
      batches = 0;
    } else if (starts_segment(line, "BHS")) {
      close(l.begin);
      r.batch = true;
      if (batch_open) {
        r.diagnostics.push_back(make(Severity::kWarning, "BHS", line_no, 0, l.begin,
                                     "BHS inside an open batch (BTS missing)"));
      }
      batch_open = true;
      batch_messages = 0;
      ++batches;
    } else if (starts_segment(line, "BTS")) {
      close(l.begin);
      if (!batch_open) {
        r.diagnostics.push_back(
            make(Severity::kWarning, "BTS", line_no, 0, l.begin, "BTS without BHS"));
      } else if (auto n = count_field(line); n && *n != batch_messages) {
        r.diagnostics.push_back(make(Severity::kWarning, "BTS", line_no, 1, l.begin,
                                     "BTS-1 batch message count " + std::to_string(*n) +
                                         " does not match the " + std::to_string(batch_messages) +
                                         " messages in the batch"));
      }
      batch_open = false;
    } else if (starts_segment(line, "FTS")) {
      close(l.begin);
      if (!file_open) {
        r.diagnostics.push_back(
            make(Severity::kWarning, "FTS", line_no, 0, l.begin, "FTS without FHS"));
      } else if (auto n = count_field(line); n && *n != batches) {
        r.diagnostics.push_back(make(Severity::kWarning, "FTS", line_no, 1, l.begin,
                                     "FTS-1 file batch count " + std::to_string(*n) +
                                         " does not match the " + std::to_string(batches) +
                                         " batches in the file"));
      }
      file_open = false;
    } else if (msg_begin == std::string_view::npos) {
      r.diagnostics.push_back(
          make(Severity::kWarning, "", line_no, 0, l.begin, "segment outside any message ignored"));
    }
  }
  close(s.size());
  if (batch_open) {
    r.diagnostics.push_back(
        make(Severity::kWarning, "BHS", 0, 0, s.size(), "batch not closed: BTS missing"));
  }
  if (file_open) {
    r.diagnostics.push_back(
        make(Severity::kWarning, "FHS", 0, 0, s.size(), "file batch not closed: FTS missing"));
  }
  if (!seen_content) {
    r.diagnostics.push_back(make(Severity::kError, "", 0, 0, 0, "empty input: no segment"));
  }
  return r;
}

}  // namespace titrate::hl7v2
