#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/hl7v2/charset.h"
#include "mappers/hl7v2/delimiters.h"
#include "mappers/hl7v2/diagnostic.h"
#include "mappers/hl7v2/path.h"

namespace titrate::hl7v2 {

struct ParseLimits {
  size_t max_message_bytes = 1 << 20;
  size_t max_segments = 5000;
  size_t max_field_bytes = 64 * 1024;
};

// Views into the received buffer, raw (still escaped).
struct MessageHeader {
  bool present = false;  // an MSH segment was read
  Delimiters delimiters;
  std::string_view encoding_characters;  // MSH-2 exactly as received
  std::string_view sending_application, sending_facility, receiving_application,
      receiving_facility;                                           // MSH-3..6 whole field
  std::string_view message_type;                                    // MSH-9 whole
  std::string_view message_code, trigger_event, message_structure;  // MSH-9.1/.2/.3
  std::string_view control_id, processing_id, version_id;           // MSH-10/11/12 whole
  std::string_view accept_ack_type, application_ack_type,
      character_set;  // MSH-15/16/18 (first repetition)
  Charset charset = Charset::kAscii;
};

// A parsed HL7 v2 message. Zero-copy: it keeps views into the caller's buffer, which must outlive
// it. Parsing indexes segments and field separators only; repetitions, components and
// subcomponents are located on access inside one field.
class Message {
 public:
  // No diagnostic of severity kError.
  bool ok() const { return error_count_ == 0; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  const MessageHeader& header() const { return header_; }
  const Delimiters& delimiters() const { return header_.delimiters; }
  // The bytes parsed (BOM stripped).
  std::string_view raw() const { return raw_; }

  size_t segment_count() const { return segments_.size(); }
  // 0-based index. The ID is the text before the first field separator (normally 3 characters).
  std::string_view segment_id(size_t index) const;
  // Without terminator.
  std::string_view segment_raw(size_t index) const;
  // Offset of the segment's first byte in raw().
  size_t segment_offset(size_t index) const { return segments_[index].begin; }
  // Fields in the segment, HL7 numbering: for MSH this counts MSH-1 and MSH-2.
  size_t field_count(size_t index) const;
  // Raw field `number` (1-based; MSH-1 is the field separator, MSH-2 the encoding characters);
  // an empty view for an empty field, nullopt past the last field.
  std::optional<std::string_view> field(size_t index, size_t number) const;
  // Index of the nth (1-based) segment with this ID.
  std::optional<size_t> find_segment(std::string_view id, size_t occurrence = 1) const;

  // Raw (escaped) value at a location spec like "PID-3", "PID-3[2].4.1", "OBX[2]-5", "MSH-9.2".
  // nullopt when the element is absent or empty (HL7 "not present"), or on a spec syntax error.
  // The explicit null "" returns the two quote characters; use is_null().
  std::optional<std::string_view> value(std::string_view spec) const;
  std::optional<std::string_view> value(const Path& path) const;
  // Unescaped value decoded to UTF-8 from the message's character set (MSH-18). Formatting
  // escapes (\.br\ \H\ ...) are kept verbatim; see to_plain_text().
  std::optional<std::string> text(std::string_view spec) const;
  std::optional<std::string> text(const Path& path) const;
  // The element is the explicit null "".
  bool is_null(std::string_view spec) const;
  // Unescapes and decodes any raw piece of this message (e.g. one component from Pieces).
  std::string decode(std::string_view raw_value) const;

 private:
  friend void parse_into(std::string_view, const ParseLimits&, Message&);
  friend class Parser;
  struct Segment {
    uint32_t begin = 0;      // offset in raw_
    uint32_t end = 0;        // offset of the terminator (or raw_.size())
    uint32_t first_sep = 0;  // index into seps_
    uint32_t sep_count = 0;  // field separators in the segment
  };
  bool is_header_segment(size_t index) const;
  // Location of segment `index` (ID, index, occurrence, byte offset).
  Location segment_location(size_t index) const;
  // Location of a byte of raw_: segment, field, repetition, component, subcomponent.
  Location location_at(size_t offset) const;

  std::string_view raw_;
  std::vector<Segment> segments_;
  std::vector<uint32_t> seps_;  // offsets of the field separators, all segments, in order
  std::vector<Diagnostic> diagnostics_;
  size_t error_count_ = 0;
  MessageHeader header_;
};

Message parse(std::string_view bytes, const ParseLimits& limits = {});
// Reuses the index storage of `reuse`: no allocation in steady state for clean messages.
void parse_into(std::string_view bytes, const ParseLimits& limits, Message& reuse);

}  // namespace titrate::hl7v2
