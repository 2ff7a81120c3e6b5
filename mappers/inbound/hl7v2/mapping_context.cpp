#include "mappers/inbound/hl7v2/mapping_context.h"

#include <algorithm>
#include <utility>

#include "mappers/inbound/hl7v2/issues.h"

namespace titrate::inbound {

MapContext::MapContext(const hl7v2::Message& message, const profile::MappingProfile& profile)
    : message_(message),
      profile_(profile),
      occurrence_(message.segment_count(), 0),
      used_(message.segment_count(), false) {
  std::vector<std::pair<std::string_view, uint32_t>> seen;  // few distinct IDs per message
  for (size_t i = 0; i < message.segment_count(); ++i) {
    const std::string_view id = message.segment_id(i);
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == id; });
    if (it == seen.end()) it = seen.insert(seen.end(), {id, 0});
    occurrence_[i] = ++it->second;
  }
}

std::optional<size_t> MapContext::find(std::string_view id, SegmentRange range, size_t nth) const {
  for (size_t i = range.begin; i < range.end && i < message_.segment_count(); ++i) {
    if (message_.segment_id(i) == id && --nth == 0) return i;
  }
  return std::nullopt;
}

std::optional<size_t> MapContext::map_header() {
  const hl7v2::MessageHeader& header = message_.header();
  model::Source& source = out_.source;
  source.format = "hl7v2";
  source.control_id = std::string(header.control_id);
  source.sender =
      std::string(header.sending_application) + "|" + std::string(header.sending_facility);
  const std::optional<size_t> msh = find("MSH", whole_message());
  if (!header.present || !msh) {
    error(missing("MSH"), "100", "the message has no MSH segment");
    return std::nullopt;
  }
  use(*msh);
  return msh;
}

hl7v2::Location MapContext::at(size_t segment, uint32_t field, uint32_t repetition,
                               uint32_t component) const {
  hl7v2::Location location;
  location.segment_id = std::string(message_.segment_id(segment));
  location.segment_index = static_cast<uint32_t>(segment + 1);
  location.segment_occurrence = occurrence_[segment];
  location.byte_offset = message_.segment_offset(segment);
  location.field = field;
  location.repetition = repetition;
  location.component = component;
  return location;
}

hl7v2::Location MapContext::missing(std::string_view segment_id, uint32_t field) {
  hl7v2::Location location;
  location.segment_id = std::string(segment_id);
  location.field = field;
  return location;
}

Located MapContext::element(std::optional<size_t> segment, uint32_t field, uint32_t component,
                            std::string_view missing_id) const {
  Located out;
  if (!segment) {
    if (!missing_id.empty()) out.where = missing(missing_id, field);
    out.where.component = component;
    return out;
  }
  out = repetition(*segment, field, 1);
  out.where.repetition = 0;  // the first repetition is the field's ordinary value
  if (component != 0) {
    out.value = out.value.sub(component);
    out.where.component = component;
  }
  return out;
}

Located MapContext::repetition(size_t segment, uint32_t field, uint32_t repetition) const {
  const hl7v2::Delimiters& d = delimiters();
  Located out;
  out.segment = segment;
  out.where = at(segment, field, repetition);
  const std::string_view raw = message_.field(segment, field).value_or(std::string_view{});
  out.value = {hl7v2::piece(raw, d.repetition, repetition).value_or(std::string_view{}),
               d.component, d.subcomponent};
  return out;
}

size_t MapContext::repetition_count(size_t segment, uint32_t field) const {
  const std::optional<std::string_view> raw = message_.field(segment, field);
  if (!raw || raw->empty()) return 0;
  return hl7v2::piece_count(*raw, delimiters().repetition);
}

std::string MapContext::text(std::string_view raw) const {
  if (raw.empty() || raw == "\"\"") return {};
  return message_.decode(raw);
}

void MapContext::issue(model::MappingIssue::Severity severity, const hl7v2::Location& at,
                       std::string_view code, std::string message) {
  model::MappingIssue issue;
  issue.severity = severity;
  issue.location = issue_location_text(at);
  issue.code = std::string(code);
  // One element read for two purposes (MSH-7, a DG1 in an order) is reported once.
  for (const model::MappingIssue& seen : out_.issues) {
    if (seen.severity == issue.severity && seen.location == issue.location &&
        seen.code == issue.code) {
      return;
    }
  }
  issue.message = std::move(message);
  out_.issues.push_back(std::move(issue));
}

}  // namespace titrate::inbound
