#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// A small JSON document tree that keeps what FHIR validation needs and RapidJSON's DOM loses:
// the exact text of every number ("72.50" keeps its trailing zero) beside its JSON type, and
// object members in document order including duplicates.
namespace titrate::inbound::fhir {

struct JsonMember;

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  std::string text;                 // string contents, number text as written, "true" / "false"
  std::vector<JsonValue> items;     // kArray
  std::vector<JsonMember> members;  // kObject, in document order

  bool is_object() const { return kind == Kind::kObject; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_number() const { return kind == Kind::kNumber; }
  // The first member called `name`, or nullptr (also when this is not an object).
  const JsonValue* find(std::string_view name) const;
  // The string contents of member `name` when it is a string, else empty.
  std::string_view string_at(std::string_view name) const;
};

struct JsonMember {
  std::string name;
  JsonValue value;
};

struct JsonParseResult {
  enum class Failure { kNone, kSyntax, kTooDeep, kTooLarge };
  Failure failure = Failure::kNone;
  JsonValue root;
  std::string message;  // what went wrong and at which byte offset; no document content
};

// Parses with RapidJSON's iterative reader (bounded stack whatever the input) and stops as soon
// as arrays/objects nest deeper than `max_depth`, the input is longer than `max_bytes`, or it
// holds more than one JSON value per 8 bytes of `max_bytes` (bounding the tree's memory).
JsonParseResult parse_json(std::string_view text, size_t max_bytes, size_t max_depth);

// The JSON name of a kind, for messages ("an object", "a string", ...).
std::string_view describe(JsonValue::Kind kind);

}  // namespace titrate::inbound::fhir
