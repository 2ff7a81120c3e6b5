#include "mappers/inbound/hl7v2/issues.h"

#include <vector>

#include "gateway/model/mapped_message.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"
#include "mappers/profile/location_spec.h"

namespace titrate::inbound {
namespace {

hl7v2::Severity to_hl7_severity(model::MappingIssue::Severity severity) {
  switch (severity) {
    case model::MappingIssue::Severity::kInformation:
      return hl7v2::Severity::kInfo;
    case model::MappingIssue::Severity::kWarning:
      return hl7v2::Severity::kWarning;
    case model::MappingIssue::Severity::kError:
      return hl7v2::Severity::kError;
  }
  return hl7v2::Severity::kError;
}

}  // namespace

std::string issue_location_text(const hl7v2::Location& location) {
  if (location.field != 0) {
    hl7v2::Location named = location;
    named.segment_index = 0;  // never "segment 4 (OBX)": always the segment ID
    return named.to_string();
  }
  std::string out = location.segment_id;
  if (location.segment_occurrence != 0) {
    out += '[' + std::to_string(location.segment_occurrence) + ']';
  }
  return out;
}

std::optional<hl7v2::Location> parse_issue_location(std::string_view text) {
  const std::optional<profile::LocationSpec> spec = profile::parse_location_spec(text);
  if (!spec) return std::nullopt;
  hl7v2::Location location;
  location.segment_id = std::string(spec->segment);
  // A missing segment is written without an occurrence; parse_location_spec defaults it to 1.
  const bool explicit_occurrence = text.size() > 3 && text[3] == '[';
  location.segment_occurrence = explicit_occurrence ? spec->occurrence : 0;
  location.field = spec->field;
  location.repetition = spec->repetition;
  location.component = spec->component;
  location.subcomponent = spec->subcomponent;
  return location;
}

std::vector<hl7v2::Diagnostic> to_diagnostics(const model::MappedMessage& mapped) {
  std::vector<hl7v2::Diagnostic> out;
  out.reserve(mapped.issues.size());
  for (const model::MappingIssue& issue : mapped.issues) {
    hl7v2::Diagnostic d;
    d.severity = to_hl7_severity(issue.severity);
    d.location = parse_issue_location(issue.location).value_or(hl7v2::Location{});
    d.code = issue.code;
    d.message = issue.message;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace titrate::inbound
