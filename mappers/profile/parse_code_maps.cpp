// The "code_maps" section: local medication and route codes, and unit spellings.
#include <algorithm>

#include "mappers/profile/profile_sections.h"
#include "mappers/profile/text.h"

namespace titrate::profile::sections {
namespace {

// What a profile may name as a UCUM target: non-empty printable ASCII without spaces.
bool is_plausible_ucum(std::string_view code) {
  return !code.empty() &&
         std::all_of(code.begin(), code.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// A coding system URI: "http://snomed.info/sct", "urn:oid:2.16.840.1.113883.6.88".
bool is_plausible_uri(std::string_view text) {
  if (text.find(':') == std::string_view::npos || text.front() == ':') return false;
  for (char c : text) {
    if (c <= ' ' || c == 0x7f) return false;
  }
  return true;
}

std::optional<CodeMapEntry> read_entry(const rapidjson::Value& value, const std::string& pointer,
                                       json::Errors& errors) {
  if (!json::expect_object(value, pointer, errors)) return std::nullopt;
  json::ObjectFields fields(value, pointer, errors);
  CodeMapEntry entry;
  bool ok = true;
  const rapidjson::Value* from = fields.take("from");
  if (!from) {
    errors.add(fields.pointer("from"), "required: expected an object {\"system\", \"code\"}");
    ok = false;
  } else if (json::expect_object(*from, fields.pointer("from"), errors)) {
    json::ObjectFields f(*from, fields.pointer("from"), errors);
    entry.from_system = json::optional_string(f, "system").value_or("");
    const auto code = json::required_string(f, "code");
    ok = ok && code.has_value();
    entry.from_code = code.value_or("");
    f.finish();
  } else {
    ok = false;
  }
  const rapidjson::Value* to = fields.take("to");
  if (!to) {
    errors.add(fields.pointer("to"),
               "required: expected an object {\"system\", \"code\", \"display\"}");
    ok = false;
  } else if (json::expect_object(*to, fields.pointer("to"), errors)) {
    json::ObjectFields t(*to, fields.pointer("to"), errors);
    const auto system = json::required_string(t, "system");
    if (system && !is_plausible_uri(*system)) {
      errors.add(t.pointer("system"),
                 "expected a coding system URI such as "
                 "\"http://www.nlm.nih.gov/research/umls/rxnorm\"");
      ok = false;
    }
    const auto code = json::required_string(t, "code");
    ok = ok && system.has_value() && code.has_value();
    entry.to.system = system.value_or("");
    entry.to.code = code.value_or("");
    entry.to.display = json::optional_string(t, "display").value_or("");
    t.finish();
  } else {
    ok = false;
  }
  fields.finish();
  if (!ok) return std::nullopt;
  return entry;
}

void read_code_list(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                    std::vector<CodeMapEntry>& out) {
  if (!json::expect_array(value, pointer, errors)) return;
  std::vector<size_t> index_of;  // position in the array of each entry in out
  for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
    const std::string at = json::pointer_append(pointer, i);
    std::optional<CodeMapEntry> entry = read_entry(value[i], at, errors);
    if (!entry) continue;
    bool duplicate = false;
    for (size_t k = 0; k < out.size() && !duplicate; ++k) {
      if (out[k].from_code == entry->from_code &&
          equals_ignore_case(out[k].from_system, entry->from_system)) {
        errors.add(at + "/from", "duplicate of " + json::pointer_append(pointer, index_of[k]) +
                                     " (same from.system and from.code)");
        duplicate = true;
      }
    }
    if (duplicate) continue;
    out.push_back(std::move(*entry));
    index_of.push_back(i);
  }
}

void read_units(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                std::map<std::string, std::string>& out) {
  json::each_entry(
      value, pointer, errors, /*keys_ignore_case=*/true,
      [&](std::string_view unit, const rapidjson::Value& target, const std::string& at) {
        if (unit.empty()) {
          errors.add(at, "expected a non-empty unit spelling as the key");
          return;
        }
        if (!target.IsString() || !is_plausible_ucum(json::view(target))) {
          errors.add(at,
                     "expected a UCUM code (non-empty, no spaces) such as "
                     "\"mg/h\"");
          return;
        }
        out.emplace(std::string(unit), std::string(json::view(target)));
      });
}

}  // namespace

void read_code_maps(const rapidjson::Value& value, const std::string& pointer, json::Errors& errors,
                    MappingProfile& out) {
  if (!json::expect_object(value, pointer, errors)) return;
  json::ObjectFields fields(value, pointer, errors);
  if (const rapidjson::Value* v = fields.take("medication")) {
    read_code_list(*v, fields.pointer("medication"), errors, out.medication_codes);
  }
  if (const rapidjson::Value* v = fields.take("route")) {
    read_code_list(*v, fields.pointer("route"), errors, out.route_codes);
  }
  if (const rapidjson::Value* v = fields.take("units")) {
    read_units(*v, fields.pointer("units"), errors, out.units);
  }
  fields.finish();
}

}  // namespace titrate::profile::sections
