#include "mappers/hl7v2/diagnostic.h"

#include <array>
#include <utility>

namespace titrate::hl7v2 {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::string Location::to_string() const {
  std::string out;
  if (field == 0) {
    if (segment_index == 0) {
      if (!segment_id.empty()) return segment_id;
      if (byte_offset == 0) return {};  // nothing known (a default Location)
      return "byte " + std::to_string(byte_offset);
    }
    out = "segment " + std::to_string(segment_index);
    if (!segment_id.empty()) out += " (" + segment_id + ")";
    return out;
  }
  out = segment_id.empty() ? "segment " + std::to_string(segment_index) : segment_id;
  if (segment_occurrence != 0 && !segment_id.empty()) {
    out += '[' + std::to_string(segment_occurrence) + ']';
  }
  out += '-' + std::to_string(field);
  if (repetition != 0) out += '[' + std::to_string(repetition) + ']';
  if (component != 0 || subcomponent != 0) out += '.' + std::to_string(component ? component : 1);
  if (subcomponent != 0) out += '.' + std::to_string(subcomponent);
  return out;
}

std::string Location::to_erl(const Delimiters& d) const {
  if (segment_id.empty()) return {};
  std::array<uint32_t, 5> numbers = {segment_occurrence, field, repetition, component,
                                     subcomponent};
  size_t used = 0;
  for (size_t i = 0; i < numbers.size(); ++i) {
    if (numbers[i] != 0) used = i + 1;
  }
  std::string out = segment_id;
  for (size_t i = 0; i < used; ++i) {
    out += d.component;
    if (numbers[i] != 0) out += std::to_string(numbers[i]);
  }
  return out;
}

std::string_view error_code_text(std::string_view code) {
  static constexpr std::pair<std::string_view, std::string_view> kTexts[] = {
      {"0", "Message accepted"},
      {"100", "Segment sequence error"},
      {"101", "Required field missing"},
      {"102", "Data type error"},
      {"103", "Table value not found"},
      {"104", "Value too long"},
      {"200", "Unsupported message type"},
      {"201", "Unsupported event code"},
      {"202", "Unsupported processing id"},
      {"203", "Unsupported version id"},
      {"204", "Unknown key identifier"},
      {"205", "Duplicate key identifier"},
      {"206", "Application record locked"},
      {"207", "Application internal error"},
  };
  for (const auto& [c, text] : kTexts) {
    if (c == code) return text;
  }
  return {};
}

}  // namespace titrate::hl7v2
