#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mappers/inbound/fhir/json_tree.h"

// FHIR R4 primitive types and their JSON representation rules.
namespace titrate::inbound::fhir {

enum class Primitive {
  kBoolean,
  kInteger,
  kPositiveInt,
  kUnsignedInt,
  kDecimal,
  kString,
  kCode,
  kId,
  kUri,
  kUrl,
  kCanonical,
  kOid,
  kMarkdown,
  kBase64Binary,
  kXhtml,
  kDate,
  kDateTime,
  kInstant,
  kTime,
};

// The primitive called `name` in R4 ("dateTime", "positiveInt"), if it is one.
std::optional<Primitive> primitive_named(std::string_view name);

// Why `value` is not a valid JSON representation of the primitive, or nullopt when it is.
// Numbers must be JSON numbers and everything else but booleans JSON strings. The message names
// the rule, never the value (it may be patient data).
std::optional<std::string> check_primitive(Primitive type, const JsonValue& value);

// Lexical checks of the date/time primitives on their text.
bool is_fhir_date(std::string_view text);
bool is_fhir_time(std::string_view text);
// `time_without_offset` is set when the text has a time of day but no UTC offset: the one
// mistake R4 calls out ("If hours and minutes are specified, a time zone SHALL be populated").
bool is_fhir_date_time(std::string_view text, bool* time_without_offset = nullptr);
bool is_fhir_instant(std::string_view text);

}  // namespace titrate::inbound::fhir
