#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/code_systems.h"
#include "gateway/model/values.h"
#include "mappers/inbound/fhir/json_tree.h"
#include "mappers/profile/mapping_profile.h"

// Reading FHIR datatypes (already validated) into model values.
namespace titrate::inbound::fhir {

inline constexpr std::string_view kUcumSystem = model::systems::kUcum;
inline constexpr std::string_view kV2IdentifierTypes = model::systems::kV2IdentifierType;
using model::systems::kLoinc;
using model::systems::kNdc;
using model::systems::kRxNorm;
using model::systems::kSnomed;

// A JSON number's text as an exact decimal; exponents are expanded ("7.2e1" -> 72).
std::optional<model::Decimal> decimal_from_json(std::string_view number_text);

model::Coding read_coding(const JsonValue& coding);
model::CodeableConcept read_codeable_concept(const JsonValue* concept_value);
// The code of the first coding of `system` (any system when empty), or empty.
std::string first_code(const JsonValue* concept_value, std::string_view system = {});
bool has_coding(const JsonValue* concept_value, std::string_view system, std::string_view code);

// Identifier.type's v2-0203 code (or its first code) becomes `type`; a missing system is looked
// up by assigner display in the profile's authority map.
model::Identifier read_identifier(const JsonValue& identifier,
                                  const profile::MappingProfile& profile);
model::HumanName read_human_name(const JsonValue& name);
// The name to use: official, else usual, else the first.
const JsonValue* preferred_name(const JsonValue* names);

// A Quantity's UCUM unit: `code` when the system is UCUM, else the profile's unit map and the
// common spellings applied to `code` or `unit`. nullopt when no UCUM unit can be found.
std::optional<std::string> quantity_unit(const JsonValue& quantity,
                                         const profile::MappingProfile& profile);

struct QuantityRead {
  std::optional<model::Quantity> quantity;
  std::string problem;   // why not, when quantity is empty
  std::string location;  // the element at fault, relative to the Quantity ("value", "code")
};
// Value and UCUM unit of a Quantity; a comparator makes it unusable.
QuantityRead read_quantity(const JsonValue& quantity, const profile::MappingProfile& profile);

}  // namespace titrate::inbound::fhir
