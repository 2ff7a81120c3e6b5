// The "fields" and "required" sections: HL7v2 locations and model field names.
#include <algorithm>

#include "mappers/profile/field_names.h"
#include "mappers/profile/location_spec.h"
#include "mappers/profile/profile_sections.h"

namespace titrate::profile::sections {
namespace {

std::string field_name_list() {
  std::string out;
  for (std::string_view name : known_field_names()) {
    if (!out.empty()) out.append(", ");
    out.append(name);
  }
  return out;
}

constexpr const char* kLocationSyntax =
    "SEG-field[[repetition]][.component[.subcomponent]], SEG is a letter and two letters or "
    "digits, numbers from 1 (\"RXE-23\", \"ZRX-1.2\", \"PID-3[2].4\")";

}  // namespace

void read_fields(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                 std::map<std::string, std::string>& out) {
  json::each_entry(value, pointer, errors, false,
                   [&](std::string_view key, const rapidjson::Value& spec, const std::string& at) {
                     bool ok = true;
                     if (!is_known_field_name(key)) {
                       errors.add(at, "unknown field name " + json::quoted(key) +
                                          "; expected one of " + field_name_list());
                       ok = false;
                     }
                     const std::optional<std::string> text = json::string_value(spec, at, errors);
                     if (!text) return;
                     const std::optional<LocationSpec> location = parse_location_spec(*text);
                     if (!location || location->field == 0) {
                       errors.add(at, "malformed HL7v2 location " + json::quoted(*text) +
                                          "; expected " + kLocationSyntax);
                       return;
                     }
                     if (ok) out.emplace(std::string(key), *text);
                   });
}

void read_required(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                   std::vector<std::string>& out) {
  if (!json::expect_array(value, pointer, errors)) return;
  for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
    const std::string at = json::pointer_append(pointer, i);
    const std::optional<std::string> entry = json::string_value(value[i], at, errors);
    if (!entry) continue;
    const bool is_field_name = entry->front() >= 'a' && entry->front() <= 'z';
    if (is_field_name && !is_known_field_name(*entry)) {
      errors.add(at, "unknown field name " + json::quoted(*entry) + "; expected one of " +
                         field_name_list() + ", or an HL7v2 segment or location (\"PV1\", " +
                         "\"PV1-19\")");
      continue;
    }
    if (!is_field_name && !parse_location_spec(*entry)) {
      errors.add(at, "malformed HL7v2 location " + json::quoted(*entry) + "; expected SEG or " +
                         kLocationSyntax + ", or a field name such as \"order.dose_rate\"");
      continue;
    }
    if (std::find(out.begin(), out.end(), *entry) != out.end()) {
      errors.add(at, "duplicate entry " + json::quoted(*entry));
      continue;
    }
    out.push_back(*entry);
  }
}

}  // namespace titrate::profile::sections
