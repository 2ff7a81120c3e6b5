#include "mappers/inbound/fhir/document.h"

#include "mappers/inbound/fhir/structure_def.h"
#include "mappers/inbound/fhir/validator.h"

namespace titrate::inbound::fhir {

std::optional<JsonValue> read_document(std::string_view json, const FhirLimits& limits,
                                       Issues& issues) {
  JsonParseResult parsed = parse_json(json, limits.max_bytes, limits.max_depth);
  switch (parsed.failure) {
    case JsonParseResult::Failure::kNone:
      break;
    case JsonParseResult::Failure::kSyntax:
      add_error(issues, "", "structure", parsed.message);
      return std::nullopt;
    case JsonParseResult::Failure::kTooDeep:
    case JsonParseResult::Failure::kTooLarge:
      add_error(issues, "", "too-costly", parsed.message);
      return std::nullopt;
  }
  const JsonValue& root = parsed.root;
  if (!root.is_object()) {
    add_error(issues, "", "structure",
              "expected a FHIR resource (a JSON object), got " + std::string(describe(root.kind)));
    return std::nullopt;
  }
  const JsonValue* type = root.find("resourceType");
  if (type == nullptr || !type->is_string()) {
    add_error(issues, "", "required", "the document has no resourceType");
    return std::nullopt;
  }
  if (!is_described_resource(type->text)) {
    add_error(issues, "", "not-supported",
              "resource type " + type->text + " is not accepted by Titrate");
    return std::nullopt;
  }
  const size_t before = issues.size();
  validate_resource(root, type->text, issues);
  if (has_error(issues, before)) return std::nullopt;
  return std::move(parsed.root);
}

}  // namespace titrate::inbound::fhir
