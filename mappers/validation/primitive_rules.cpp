#include "mappers/validation/primitive_rules.h"

#include <array>
#include <cstdint>
#include <utility>

#include "mappers/inbound/fhir/primitives.h"

namespace titrate::validation::detail {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// [^\s]+(\s[^\s]+)*
bool is_code(std::string_view s) {
  if (s.empty() || is_space(s.front()) || is_space(s.back())) return false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (is_space(s[i]) && is_space(s[i + 1])) return false;
  }
  return true;
}

// [A-Za-z0-9\-\.]{1,64}
bool is_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!is_digit(c) && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && c != '-' &&
        c != '.') {
      return false;
    }
  }
  return true;
}

// \S*, and not empty (JSON rules forbid empty strings).
bool is_uri(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (is_space(c)) return false;
  }
  return true;
}

// urn:oid:[0-2](\.(0|[1-9][0-9]*))+
bool is_oid(std::string_view s) {
  constexpr std::string_view kPrefix = "urn:oid:";
  if (s.substr(0, kPrefix.size()) != kPrefix) return false;
  s.remove_prefix(kPrefix.size());
  if (s.size() < 3 || s[0] < '0' || s[0] > '2') return false;
  size_t pos = 1;
  int arcs = 0;
  while (pos < s.size()) {
    if (s[pos] != '.') return false;
    ++pos;
    const size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    if (pos == start || (s[start] == '0' && pos - start > 1)) return false;
    ++arcs;
  }
  return arcs > 0;
}

bool is_lower_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}

// urn:uuid:8-4-4-4-12 lowercase hex
bool is_uuid(std::string_view s) {
  constexpr std::string_view kPrefix = "urn:uuid:";
  if (s.substr(0, kPrefix.size()) != kPrefix) return false;
  s.remove_prefix(kPrefix.size());
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_lower_hex(s[i])) return false;
  }
  return true;
}

// Groups of four base64 characters, whitespace between them allowed, '=' padding only at the end.
bool is_base64(std::string_view s) {
  size_t count = 0;
  size_t padding = 0;
  for (char c : s) {
    if (is_space(c)) continue;
    const bool alpha =
        is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+' || c == '/';
    if (c == '=') {
      ++padding;
    } else if (!alpha || padding > 0) {
      return false;
    }
    ++count;
  }
  return count > 0 && count % 4 == 0 && padding <= 2;
}

constexpr std::array<std::pair<std::string_view, Primitive>, 22> kNames = {{
    {"boolean", Primitive::kBoolean},
    {"integer", Primitive::kInteger},
    {"positiveInt", Primitive::kPositiveInt},
    {"unsignedInt", Primitive::kUnsignedInt},
    {"decimal", Primitive::kDecimal},
    {"string", Primitive::kString},
    {"markdown", Primitive::kMarkdown},
    {"xhtml", Primitive::kXhtml},
    {"code", Primitive::kCode},
    {"id", Primitive::kId},
    {"uri", Primitive::kUri},
    {"url", Primitive::kUrl},
    {"canonical", Primitive::kCanonical},
    {"oid", Primitive::kOid},
    {"uuid", Primitive::kUuid},
    {"base64Binary", Primitive::kBase64Binary},
    {"date", Primitive::kDate},
    {"dateTime", Primitive::kDateTime},
    {"instant", Primitive::kInstant},
    {"time", Primitive::kTime},
    {"http://hl7.org/fhirpath/System.String", Primitive::kSystemString},
    {"http://hl7.org/fhirpath/System.Uri", Primitive::kUri},
}};

const char* check_integer(Primitive type, const rapidjson::Value& value) {
  if (!value.IsNumber()) return "expected a JSON number";
  if (!value.IsInt()) {
    return value.IsInt64() || value.IsUint64() ? "integer out of the 32-bit range"
                                               : "not a valid integer";
  }
  if (type == Primitive::kPositiveInt && value.GetInt() < 1) return "not a valid positiveInt";
  if (type == Primitive::kUnsignedInt && value.GetInt() < 0) return "not a valid unsignedInt";
  return nullptr;
}

const char* check_text(Primitive type, std::string_view s) {
  namespace lex = inbound::fhir;
  if (s.empty()) return "empty string";
  switch (type) {
    case Primitive::kCode:
      return is_code(s) ? nullptr : "not a valid code (stray whitespace)";
    case Primitive::kId:
      return is_id(s) ? nullptr : "not a valid id (1-64 of A-Z a-z 0-9 - .)";
    case Primitive::kUri:
    case Primitive::kUrl:
    case Primitive::kCanonical:
      return is_uri(s) ? nullptr : "not a valid uri (whitespace)";
    case Primitive::kOid:
      return is_oid(s) ? nullptr : "not a valid oid";
    case Primitive::kUuid:
      return is_uuid(s) ? nullptr : "not a valid uuid";
    case Primitive::kBase64Binary:
      return is_base64(s) ? nullptr : "not valid base64Binary";
    case Primitive::kDate:
      return lex::is_fhir_date(s) ? nullptr : "not a valid date";
    case Primitive::kDateTime: {
      bool without_offset = false;
      if (lex::is_fhir_date_time(s, &without_offset)) return nullptr;
      return without_offset ? "not a valid dateTime (a time needs a time zone)"
                            : "not a valid dateTime";
    }
    case Primitive::kInstant:
      return lex::is_fhir_instant(s) ? nullptr : "not a valid instant";
    case Primitive::kTime:
      return lex::is_fhir_time(s) ? nullptr : "not a valid time";
    default:  // string, markdown, xhtml, System.String: any non-empty text
      return nullptr;
  }
}

}  // namespace

Primitive primitive_named(std::string_view code) {
  for (const auto& [name, primitive] : kNames) {
    if (name == code) return primitive;
  }
  return Primitive::kNone;
}

const char* check_primitive(Primitive type, const rapidjson::Value& value) {
  switch (type) {
    case Primitive::kNone:
      return nullptr;
    case Primitive::kBoolean:
      return value.IsBool() ? nullptr : "expected a JSON boolean";
    case Primitive::kInteger:
    case Primitive::kPositiveInt:
    case Primitive::kUnsignedInt:
      return check_integer(type, value);
    case Primitive::kDecimal:
      return value.IsNumber() ? nullptr : "expected a JSON number";
    default:
      if (!value.IsString()) return "expected a JSON string";
      return check_text(type, std::string_view(value.GetString(), value.GetStringLength()));
  }
}

}  // namespace titrate::validation::detail
