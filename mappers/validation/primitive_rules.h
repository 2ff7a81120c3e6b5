#pragma once

#include <rapidjson/document.h>

#include <string_view>

// The FHIR R4 primitive types and their JSON rules, written as code (no regex): each check says
// whether a JSON value is a valid representation, and the message names the rule, never the
// value.
namespace titrate::validation::detail {

enum class Primitive {
  kNone,  // a complex type
  kBoolean,
  kInteger,
  kPositiveInt,
  kUnsignedInt,
  kDecimal,
  kString,
  kMarkdown,
  kXhtml,
  kCode,
  kId,
  kUri,
  kUrl,
  kCanonical,
  kOid,
  kUuid,
  kBase64Binary,
  kDate,
  kDateTime,
  kInstant,
  kTime,
  kSystemString,  // http://hl7.org/fhirpath/System.String: element ids, Extension.url
};

// The primitive a StructureDefinition type code names ("dateTime", "positiveInt",
// "http://hl7.org/fhirpath/System.String"), or kNone.
Primitive primitive_named(std::string_view code);

// nullptr when `value` is valid for `type`, else a static message ("not a valid dateTime").
const char* check_primitive(Primitive type, const rapidjson::Value& value);

}  // namespace titrate::validation::detail
