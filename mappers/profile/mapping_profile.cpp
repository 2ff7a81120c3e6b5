// Parsing one mapping profile: the top level and the small sections.
#include "mappers/profile/mapping_profile.h"

#include <rapidjson/error/en.h>

#include "mappers/profile/json_fields.h"
#include "mappers/profile/profile_sections.h"

namespace titrate::profile {

std::string ProfileError::to_string() const {
  std::string out;
  if (!file.empty()) out = file + ": ";
  out += (pointer.empty() ? "/" : pointer) + ": " + expected;
  return out;
}

namespace sections {

void read_match(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                SenderMatch& out) {
  if (!json::expect_object(value, pointer, errors)) return;
  json::ObjectFields fields(value, pointer, errors);
  out.sending_application = json::optional_string(fields, "sending_application").value_or("");
  out.sending_facility = json::optional_string(fields, "sending_facility").value_or("");
  out.fhir_client = json::optional_string(fields, "fhir_client").value_or("");
  fields.finish();
}

void read_identifier_systems(const rapidjson::Value& value, const std::string& pointer,
                             json::Errors& errors, std::map<std::string, std::string>& out) {
  json::each_entry(
      value, pointer, errors, false,
      [&](std::string_view authority, const rapidjson::Value& system, const std::string& at) {
        const std::string_view text = system.IsString() ? json::view(system) : std::string_view();
        if (authority.empty()) {
          errors.add(at, "expected a non-empty assigning authority as the key");
        } else if (text.find(':') == std::string_view::npos ||
                   text.find_first_of(" \t\r\n") != std::string_view::npos) {
          errors.add(at,
                     "expected an identifier system URI such as "
                     "\"urn:oid:2.16.840.1.113883.3.9999.1\"");
        } else {
          out.emplace(std::string(authority), std::string(text));
        }
      });
}

}  // namespace sections

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

void read_name(json::ObjectFields& root, MappingProfile& out) {
  const std::optional<std::string> name = json::required_string(root, "name");
  if (!name) return;
  for (char c : *name) {
    if (!is_name_char(c)) {
      root.errors().add(
          root.pointer("name"),
          "expected a name of letters, digits, '-', '_' and '.' (\"northwind-epic\")");
      return;
    }
  }
  out.name = *name;
}

void read_patient_identifier_type(json::ObjectFields& root, MappingProfile& out) {
  const std::optional<std::string> type = json::optional_string(root, "patient_identifier_type");
  if (!type) return;
  for (char c : *type) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
      root.errors().add(root.pointer("patient_identifier_type"),
                        "expected an identifier type code of table 0203 such as \"MR\"");
      return;
    }
  }
  out.patient_identifier_type = *type;
}

void read_unknown_segments(json::ObjectFields& root, MappingProfile& out) {
  const std::optional<std::string> policy = json::optional_string(root, "unknown_segments");
  if (policy == "report") {
    out.unknown_segments = UnknownElementPolicy::kReport;
  } else if (policy == "reject") {
    out.unknown_segments = UnknownElementPolicy::kReject;
  } else if (policy) {
    root.errors().add(root.pointer("unknown_segments"),
                      "expected \"report\" or \"reject\" (nothing is dropped silently)");
  }
}

void read_care_area(json::ObjectFields& root, MappingProfile& out) {
  const std::optional<std::string> area = json::optional_string(root, "care_area");
  if (!area) return;
  if (*area != "chronic-pain" && *area != "mental-health") {
    root.errors().add(root.pointer("care_area"), "expected \"chronic-pain\" or \"mental-health\"");
    return;
  }
  out.care_area = *area;
}

void read_root(const rapidjson::Value& doc, json::Errors& errors, ZoneLoader load_zone,
               MappingProfile& out) {
  json::ObjectFields root(doc, "", errors);
  read_name(root, out);
  if (const rapidjson::Value* v = root.take("match")) {
    sections::read_match(*v, root.pointer("match"), errors, out.match);
  }
  // Without "timestamps", a timestamp without an offset is read as UTC (TimestampPolicy's default).
  if (const rapidjson::Value* v = root.take("timestamps")) {
    sections::read_timestamps(*v, root.pointer("timestamps"), errors, load_zone, out.timestamps);
  }
  read_patient_identifier_type(root, out);
  if (const rapidjson::Value* v = root.take("identifier_systems")) {
    sections::read_identifier_systems(*v, root.pointer("identifier_systems"), errors,
                                      out.identifier_systems);
  }
  if (const rapidjson::Value* v = root.take("fields")) {
    sections::read_fields(*v, root.pointer("fields"), errors, out.field_locations);
  }
  if (const rapidjson::Value* v = root.take("code_maps")) {
    sections::read_code_maps(*v, root.pointer("code_maps"), errors, out);
  }
  if (const rapidjson::Value* v = root.take("required")) {
    sections::read_required(*v, root.pointer("required"), errors, out.required);
  }
  read_unknown_segments(root, out);
  read_care_area(root, out);
  root.finish();
}

}  // namespace

ProfileParseResult parse_mapping_profile(std::string_view json_text, std::string_view file,
                                         ZoneLoader load_zone) {
  ProfileParseResult result;
  json::Errors errors(file);
  // A UTF-8 byte order mark (some editors write one) is skipped; offsets still count it.
  size_t skipped = 0;
  if (json_text.substr(0, 3) == "\xEF\xBB\xBF") {
    json_text.remove_prefix(3);
    skipped = 3;
  }
  rapidjson::Document doc;
  // RapidJSON stops at a NUL byte as if the text ended there: refuse it instead.
  if (const size_t nul = json_text.find('\0'); nul != std::string_view::npos) {
    errors.add("", "invalid JSON at byte " + std::to_string(nul + skipped) + ": a NUL byte");
    result.errors = errors.take();
    return result;
  }
  // Iterative parsing: deeply nested input must not overflow the stack.
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseCommentsFlag |
            rapidjson::kParseValidateEncodingFlag>(json_text.data(), json_text.size());
  if (doc.HasParseError()) {
    errors.add("", "invalid JSON at byte " + std::to_string(doc.GetErrorOffset() + skipped) + ": " +
                       rapidjson::GetParseError_En(doc.GetParseError()));
  } else if (json::expect_object(doc, "", errors)) {
    MappingProfile profile;
    profile.file = std::string(file);
    read_root(doc, errors, load_zone, profile);
    if (errors.empty()) result.profile = std::move(profile);
  }
  result.errors = errors.take();
  return result;
}

}  // namespace titrate::profile
