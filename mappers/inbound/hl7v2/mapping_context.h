#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/model/mapped_message.h"
#include "mappers/hl7v2/message.h"
#include "mappers/inbound/hl7v2/composite.h"
#include "mappers/profile/mapping_profile.h"

namespace titrate::inbound {

// Segments [begin, end) of the message, by 0-based index.
struct SegmentRange {
  size_t begin = 0;
  size_t end = 0;
};

// The state of mapping one message: the input, the sender's profile, the issues found so far
// and which segments the mapping used (the rest is reported as unmapped).
class MapContext {
 public:
  MapContext(const hl7v2::Message& message, const profile::MappingProfile& profile);

  const hl7v2::Message& message() const { return message_; }
  const profile::MappingProfile& profile() const { return profile_; }
  const hl7v2::Delimiters& delimiters() const { return message_.delimiters(); }
  SegmentRange whole_message() const { return {0, message_.segment_count()}; }

  // The nth (1-based) segment with this ID inside the range.
  std::optional<size_t> find(std::string_view id, SegmentRange range, size_t nth = 1) const;
  // Location of a segment (field 0) or of one of its elements.
  hl7v2::Location at(size_t segment, uint32_t field = 0, uint32_t repetition = 0,
                     uint32_t component = 0) const;
  // The location of a segment that is not in the message: its ID only.
  static hl7v2::Location missing(std::string_view segment_id, uint32_t field = 0);

  // The first repetition of a field, or one component of it. Absent segment: empty, located
  // at `missing_id` (or nowhere).
  Located element(std::optional<size_t> segment, uint32_t field, uint32_t component = 0,
                  std::string_view missing_id = {}) const;
  // Repetition `repetition` (1-based) of a field as a field-level composite.
  Located repetition(size_t segment, uint32_t field, uint32_t repetition) const;
  size_t repetition_count(size_t segment, uint32_t field) const;

  // Unescaped UTF-8 text of a raw piece; empty for an empty piece or the explicit null "".
  std::string text(std::string_view raw) const;

  // The message's source from its header (format "hl7v2", sender MSH-3|MSH-4, control id
  // MSH-10) into out().source, and the MSH segment used. Without an MSH: error 100, nullopt.
  std::optional<size_t> map_header();

  void use(size_t segment) { used_[segment] = true; }
  bool used(size_t segment) const { return used_[segment]; }
  uint32_t occurrence(size_t segment) const { return occurrence_[segment]; }

  // Issues name the rule and the location, never a value.
  void issue(model::MappingIssue::Severity, const hl7v2::Location&, std::string_view code,
             std::string message);
  void error(const hl7v2::Location& at, std::string_view code, std::string message) {
    issue(model::MappingIssue::Severity::kError, at, code, std::move(message));
  }
  void warning(const hl7v2::Location& at, std::string_view code, std::string message) {
    issue(model::MappingIssue::Severity::kWarning, at, code, std::move(message));
  }
  void info(const hl7v2::Location& at, std::string_view code, std::string message) {
    issue(model::MappingIssue::Severity::kInformation, at, code, std::move(message));
  }

  model::MappedMessage& out() { return out_; }
  model::MappedMessage take() { return std::move(out_); }

 private:
  const hl7v2::Message& message_;
  const profile::MappingProfile& profile_;
  std::vector<uint32_t> occurrence_;  // per segment: its occurrence among segments of its ID
  std::vector<bool> used_;
  model::MappedMessage out_;
};

}  // namespace titrate::inbound
