#include <emmintrin.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "mappers/hl7v2/escape_sequences.h"
#include "mappers/hl7v2/message.h"
#include "mappers/hl7v2/pieces.h"
#include "mappers/hl7v2/segment_ids.h"

namespace titrate::hl7v2 {
namespace {

constexpr size_t kMaxDiagnostics = 100;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_line_space(char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

bool is_delimiter_char(char c) {
  bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  return c > 0x20 && c < 0x7F && !alnum;
}

std::string_view charset_name(Charset c) {
  return c == Charset::kUtf8 ? "UNICODE UTF-8" : "ASCII";
}

}  // namespace

// One parse: a single SSE2 pass records segment boundaries and field separator offsets; the
// checks that need more than that run afterwards, only where the first pass saw a reason to.
class Parser {
 public:
  Parser(std::string_view bytes, const ParseLimits& limits, Message& m) : m_(m), limits_(limits) {
    if (bytes.substr(0, 3) == kBom) bytes.remove_prefix(3);
    m_.raw_ = bytes;
    m_.segments_.clear();
    m_.diagnostics_.clear();
    m_.error_count_ = 0;
    m_.header_ = MessageHeader{};
  }

  void run() {
    std::string_view raw = m_.raw_;
    if (raw.empty()) {
      add(Severity::kError, Location{}, "100", "empty message: expected MSH");
      return;
    }
    char fs = '|';
    std::string_view head = raw.substr(0, 3);
    if (raw.size() > 3 && is_header_segment_id(head) && raw[3] != '\r' && raw[3] != '\n') {
      fs = raw[3];
    }
    size_t max_bytes = std::min<size_t>(limits_.max_message_bytes, UINT32_MAX - 1);
    size_t scan_end = raw.size();
    if (raw.size() > max_bytes) {
      Location loc;
      loc.byte_offset = max_bytes;
      add(Severity::kError, loc, "207",
          "message exceeds " + std::to_string(max_bytes) + " bytes; only the header was read");
      // Index the first line only, so that a rejection can still be acknowledged.
      size_t nl = raw.substr(0, max_bytes).find_first_of("\r\n");
      scan_end = nl == std::string_view::npos ? max_bytes : nl;
    }
    if (!scan(scan_end, fs)) high_bit_ = has_high_bit(raw.substr(0, scan_end));
    if (m_.segments_.empty()) {
      Location loc;
      add(Severity::kError, loc, "100", "not an HL7v2 message: expected MSH (no segment found)");
    } else if (m_.segment_id(0) == "MSH") {
      read_header();
    }
    if (m_.header_.present && m_.header_.delimiters.escape != '\0') check_escapes();
    check_glued_segments();
    if (high_bit_ &&
        (m_.header_.charset == Charset::kAscii || m_.header_.charset == Charset::kUtf8)) {
      size_t bad = 0;
      if (!is_valid_utf8(m_.raw_.substr(0, scan_end), &bad)) {
        add(Severity::kError, m_.location_at(bad), "102",
            "invalid UTF-8 for character set " + std::string(charset_name(m_.header_.charset)));
      }
    }
    auto by_offset = [](const Diagnostic& a, const Diagnostic& b) {
      return a.location.byte_offset < b.location.byte_offset;
    };
    if (!std::is_sorted(m_.diagnostics_.begin(), m_.diagnostics_.end(), by_offset)) {
      std::stable_sort(m_.diagnostics_.begin(), m_.diagnostics_.end(), by_offset);
    }
  }

 private:
  // Diagnostics are capped; callers skip computing locations when there is no room.
  bool room() const { return m_.diagnostics_.size() < kMaxDiagnostics; }

  void add(Severity severity, Location loc, std::string code, std::string message) {
    if (severity == Severity::kError) ++m_.error_count_;
    if (m_.diagnostics_.size() > kMaxDiagnostics) return;
    if (m_.diagnostics_.size() == kMaxDiagnostics) {
      loc = Location{};
      loc.byte_offset = m_.raw_.size();
      severity = Severity::kWarning;
      code = "207";
      message = "too many diagnostics: further ones suppressed";
    }
    m_.diagnostics_.push_back(
        Diagnostic{severity, std::move(loc), std::move(code), std::move(message)});
  }

  // Returns false when it stopped early (segment limit).
  bool scan(size_t n, char fs) {
    const char* p = m_.raw_.data();
    size_t i = 0;
    line_begin_ = 0;
    line_first_sep_ = 0;
    const __m128i vfs = _mm_set1_epi8(fs);
    const __m128i vcr = _mm_set1_epi8('\r');
    const __m128i vlf = _mm_set1_epi8('\n');
    __m128i high = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      high = _mm_or_si128(high, v);
      auto mfs = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, vfs)));
      auto mnl = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, vcr), _mm_cmpeq_epi8(v, vlf))));
      if (mnl == 0) {
        if (nsep_ + 16 > m_.seps_.size()) grow();
        uint32_t* out = m_.seps_.data() + nsep_;
        while (mfs) {
          *out++ = static_cast<uint32_t>(i + static_cast<size_t>(__builtin_ctz(mfs)));
          mfs &= mfs - 1;
        }
        nsep_ = static_cast<size_t>(out - m_.seps_.data());
        continue;
      }
      unsigned all = mfs | mnl;
      while (all) {
        unsigned bit = all & (~all + 1);
        size_t pos = i + static_cast<size_t>(__builtin_ctz(all));
        if (mnl & bit) {
          if (!on_newline(pos, p[pos])) return false;
        } else {
          on_separator(pos);
        }
        all &= all - 1;
      }
    }
    high_bit_ = _mm_movemask_epi8(high) != 0;
    for (; i < n; ++i) {
      char c = p[i];
      high_bit_ |= static_cast<unsigned char>(c) >= 0x80;
      if (c == fs) {
        on_separator(i);
      } else if (c == '\r' || c == '\n') {
        if (!on_newline(i, c)) return false;
      }
    }
    if (line_begin_ < n) return end_line(n);
    return true;
  }

  // seps_ is used as a buffer that only grows: its size is a capacity, nsep_ the entries in use.
  void grow() { m_.seps_.resize(std::max<size_t>(2 * m_.seps_.size(), nsep_ + 256)); }

  void on_separator(size_t pos) {
    if (nsep_ + 1 > m_.seps_.size()) grow();
    m_.seps_[nsep_++] = static_cast<uint32_t>(pos);
  }

  // Returns false when parsing must stop (segment limit).
  bool on_newline(size_t pos, char c) {
    if (c == '\n' && last_cr_ + 1 == pos && last_cr_ != SIZE_MAX) {  // LF of a CRLF
      line_begin_ = pos + 1;
      return true;
    }
    if (c == '\r') last_cr_ = pos;
    bool go = end_line(pos);
    line_begin_ = pos + 1;
    line_first_sep_ = nsep_;
    return go;
  }

  bool end_line(size_t end) {
    const size_t begin = line_begin_;
    std::string_view line = m_.raw_.substr(begin, end - begin);
    if (std::all_of(line.begin(), line.end(), is_line_space)) {
      Location loc;
      loc.byte_offset = begin;
      add(Severity::kWarning, loc, "100",
          line.empty() ? "empty segment (blank line) skipped" : "whitespace-only line skipped");
      nsep_ = line_first_sep_;
      return true;
    }
    if (m_.segments_.size() >= limits_.max_segments) {
      Location loc;
      loc.segment_index = static_cast<uint32_t>(m_.segments_.size() + 1);
      loc.byte_offset = begin;
      add(Severity::kError, loc, "207",
          "message exceeds " + std::to_string(limits_.max_segments) +
              " segments; the rest was not read");
      nsep_ = line_first_sep_;
      return false;
    }
    Message::Segment seg;
    seg.begin = static_cast<uint32_t>(begin);
    seg.end = static_cast<uint32_t>(end);
    seg.first_sep = static_cast<uint32_t>(line_first_sep_);
    seg.sep_count = static_cast<uint32_t>(nsep_ - line_first_sep_);
    m_.segments_.push_back(seg);
    check_segment(m_.segments_.size() - 1);
    if (end - begin > limits_.max_field_bytes) check_field_lengths(m_.segments_.size() - 1);
    return true;
  }

  // Only called for segments longer than the field limit; reports the first over-long field.
  void check_field_lengths(size_t index) {
    const auto& seg = m_.segments_[index];
    size_t begin = seg.begin;
    for (uint32_t k = 0; k <= seg.sep_count; ++k) {
      size_t end = k < seg.sep_count ? m_.seps_[seg.first_sep + k] : seg.end;
      if (end - begin > limits_.max_field_bytes) {
        Location loc = m_.segment_location(index);
        size_t field = k;  // separators before the field
        if (field > 0 && is_header_segment_id(m_.segment_id(index))) ++field;
        loc.field = static_cast<uint32_t>(field);
        add(Severity::kError, loc, "104",
            "field exceeds " + std::to_string(limits_.max_field_bytes) + " bytes");
        return;
      }
      begin = end + 1;
    }
  }

  void check_segment(size_t index) {
    std::string_view id = m_.segment_id(index);
    if (index == 0) {
      if (id == "MSH") return;
      Location loc;
      loc.segment_index = 1;
      add(Severity::kError, loc, "100",
          is_header_segment_id(id) || id == "BTS" || id == "FTS"
              ? "batch envelope segment found where MSH was expected: split the batch first"
              : "not an HL7v2 message: expected MSH");
      return;
    }
    if (!is_valid_segment_id(id)) {
      Location loc = room() ? m_.segment_location(index) : Location{};
      add(Severity::kError, loc, "100",
          "invalid segment ID (expected 3 characters [A-Z][A-Z0-9][A-Z0-9] before the field "
          "separator): a segment terminator inside a field, or a corrupt segment");
      return;
    }
    if (id == "MSH") {
      add(Severity::kError, room() ? m_.segment_location(index) : Location{}, "100",
          "second MSH segment: several messages in one buffer (split them first)");
    } else if (!room()) {
      return;
    } else if (is_header_segment_id(id) || id == "BTS" || id == "FTS") {
      add(Severity::kWarning, m_.segment_location(index), "100",
          "batch envelope segment inside a message");
    } else if (id[0] != 'Z' && !is_standard_segment_id(id) && first_unknown(id)) {
      add(Severity::kWarning, m_.segment_location(index), "100",
          "unknown segment ID (neither an HL7 v2 segment nor a Z-segment); kept, reported "
          "once");
    }
  }

  // True the first time an unknown segment ID is seen (up to 16 distinct IDs are reported).
  bool first_unknown(std::string_view id) {
    for (size_t i = 0; i < unknown_count_; ++i) {
      if (std::string_view(unknown_ids_[i].data(), 3) == id) return false;
    }
    if (unknown_count_ == unknown_ids_.size()) return false;
    std::memcpy(unknown_ids_[unknown_count_++].data(), id.data(), 3);
    return true;
  }

  Location field_location(size_t field) {
    Location loc = m_.segment_location(0);
    loc.field = static_cast<uint32_t>(field);
    return loc;
  }

  void read_header() {
    MessageHeader& h = m_.header_;
    h.present = true;
    const std::string_view raw = m_.raw_;
    const auto& seg = m_.segments_[0];
    const uint32_t* seps = m_.seps_.data() + seg.first_sep;
    // MSH-n for n >= 2 (MSH-1 is the separator at seps[0]); empty when absent.
    auto f = [&](size_t n) -> std::string_view {
      size_t k = n - 1;
      if (k == 0 || k > seg.sep_count) return {};
      uint32_t b = seps[k - 1] + 1;
      uint32_t e = k < seg.sep_count ? seps[k] : seg.end;
      return raw.substr(b, e - b);
    };
    if (seg.sep_count == 0) {
      add(Severity::kError, field_location(1), "102", "MSH-1 field separator missing");
    } else {
      Delimiters& d = h.delimiters;
      d.field = raw[3];
      std::string_view enc = f(2);
      h.encoding_characters = enc;
      if (enc.empty()) {
        add(Severity::kError, field_location(2), "102",
            "MSH-2 encoding characters missing; default ^~\\& assumed");
      } else {
        char* slots[] = {&d.component, &d.repetition, &d.escape, &d.subcomponent, &d.truncation};
        for (size_t k = 0; k < 5; ++k) *slots[k] = k < enc.size() ? enc[k] : '\0';
        if (enc.size() < 4) {
          add(Severity::kWarning, field_location(2), "102",
              "MSH-2 declares only " + std::to_string(enc.size()) +
                  " of the 4 encoding characters; the missing ones (read positionally) are "
                  "not used");
        } else if (enc.size() > 5) {
          add(Severity::kError, field_location(2), "102",
              "MSH-2 has more than 5 encoding characters");
        }
      }
      if (!d.valid()) {
        add(Severity::kError, field_location(is_delimiter_char(d.field) ? 2 : 1), "102",
            "MSH-1/MSH-2 delimiters must be distinct printable non-alphanumeric characters");
      }
    }
    const Delimiters& d = h.delimiters;
    auto first_rep = [&](size_t n) { return *piece(f(n), d.repetition, 1); };
    h.sending_application = f(3);
    h.sending_facility = f(4);
    h.receiving_application = f(5);
    h.receiving_facility = f(6);
    h.message_type = f(9);
    std::string_view type = first_rep(9);
    h.message_code = piece(type, d.component, 1).value_or(std::string_view{});
    h.trigger_event = piece(type, d.component, 2).value_or(std::string_view{});
    h.message_structure = piece(type, d.component, 3).value_or(std::string_view{});
    h.control_id = f(10);
    h.processing_id = f(11);
    h.version_id = f(12);
    h.accept_ack_type = first_rep(15);
    h.application_ack_type = first_rep(16);
    h.character_set = first_rep(18);
    h.charset = charset_from_msh18(h.character_set);

    if (h.message_code.empty()) {
      add(Severity::kError, field_location(9), "101",
          "required field MSH-9 (message type) missing");
    }
    if (h.control_id.empty()) {
      add(Severity::kError, field_location(10), "101",
          "required field MSH-10 (message control ID) missing");
    }
    if (h.processing_id.empty()) {
      add(Severity::kWarning, field_location(11), "101",
          "required field MSH-11 (processing ID) missing");
    }
    if (h.version_id.empty()) {
      add(Severity::kWarning, field_location(12), "101",
          "required field MSH-12 (version ID) missing");
    }
    if (h.charset == Charset::kUnsupported) {
      add(Severity::kError, field_location(18), "103",
          "unsupported character set in MSH-18 (supported: ASCII, UNICODE UTF-8, 8859/1)");
    }
  }

  // Reports unknown and unterminated escape sequences (kept verbatim by unescape()).
  void check_escapes() {
    const Delimiters& d = m_.header_.delimiters;
    const std::string_view raw = m_.raw_;
    const auto& msh = m_.segments_[0];
    const size_t end = m_.segments_.back().end;  // only what was indexed (limits)
    size_t i = msh.sep_count > 1 ? m_.seps_[msh.first_sep + 1] : msh.end;  // after MSH-2
    while (i < end) {
      const void* hit = std::memchr(raw.data() + i, d.escape, end - i);
      if (hit == nullptr) break;
      i = static_cast<size_t>(static_cast<const char*>(hit) - raw.data());
      if (in_embedded_encoding_characters(i)) {
        ++i;
        continue;
      }
      size_t j = detail::sequence_end(raw.substr(0, end), i, d);
      if (j >= end || raw[j] != d.escape) {
        if (!room()) return;
        add(Severity::kWarning, m_.location_at(i), "102",
            "unterminated escape sequence kept verbatim");
        i = j;
        continue;
      }
      auto info = detail::classify_escape(raw.substr(i + 1, j - i - 1), d);
      if (info.kind == detail::EscapeKind::kUnknown) {
        if (!room()) return;
        add(Severity::kWarning, m_.location_at(i), "102", "unknown escape sequence kept verbatim");
      }
      i = j + 1;
    }
  }

  // MSH-2 of a second MSH (or an FHS/BHS) inside the buffer holds the escape character too.
  bool in_embedded_encoding_characters(size_t offset) const {
    const auto& segs = m_.segments_;
    auto it = std::upper_bound(segs.begin(), segs.end(), offset,
                               [](size_t off, const Message::Segment& s) { return off < s.begin; });
    if (it == segs.begin()) return false;
    --it;
    if (it->sep_count < 2 || offset > m_.seps_[it->first_sep + 1]) return false;
    return is_header_segment_id(m_.segment_id(static_cast<size_t>(it - segs.begin())));
  }

  // "... 20150202 NK1|1|..." : a known segment ID after a space, followed by the field separator.
  void check_glued_segments() {
    // A flat pass over all separators: the three ID characters cannot be CR/LF, so a match
    // never straddles two segments.
    const std::string_view raw = m_.raw_;
    const uint32_t* seps = m_.seps_.data();
    for (size_t k = 0; k < nsep_; ++k) {
      uint32_t p = seps[k];
      if (p < 4 || raw[p - 4] != ' ') continue;
      if (!is_standard_segment_id(raw.substr(p - 3, 3))) continue;
      if (!room()) return;
      add(Severity::kWarning, m_.location_at(p - 3), "100",
          "segment ID after a space inside a field: segments glued without a terminator?");
    }
  }

  Message& m_;
  const ParseLimits& limits_;
  size_t line_begin_ = 0, line_first_sep_ = 0;
  size_t nsep_ = 0;  // separators recorded in m_.seps_
  size_t last_cr_ = SIZE_MAX;
  bool high_bit_ = false;
  std::array<std::array<char, 3>, 16> unknown_ids_{};
  size_t unknown_count_ = 0;
};

void parse_into(std::string_view bytes, const ParseLimits& limits, Message& reuse) {
  Parser parser(bytes, limits, reuse);
  parser.run();
}

Message parse(std::string_view bytes, const ParseLimits& limits) {
  Message m;
  parse_into(bytes, limits, m);
  return m;
}

}  // namespace titrate::hl7v2
