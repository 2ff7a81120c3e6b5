#pragma once

#include <span>
#include <string_view>

// The shape of the FHIR R4 types Titrate validates: one TypeDef per resource, backbone element
// and complex datatype, listing every element with its type, cardinality and (for status-like
// elements) the required value set. Only what the supported resources use is described.
namespace titrate::inbound::fhir {

enum class Card {
  kOptional,     // 0..1
  kRequired,     // 1..1
  kMany,         // 0..*
  kRequiredMany  // 1..*
};

// A required binding. `system` is empty for `code` elements; for a CodeableConcept it names the
// code system whose codings are checked (at least one coding must come from it).
struct CodeSet {
  std::string_view system;
  std::span<const std::string_view> codes;
};

struct ElementDef {
  std::string_view name;  // the JSON property: "status", "valueQuantity"
  // A primitive ("dateTime"), a complex type ("Quantity"), a backbone element
  // ("MedicationRequest.dispenseRequest") or "Resource" (contained and Bundle entries).
  std::string_view type;
  Card card = Card::kOptional;
  const CodeSet* binding = nullptr;
  // For the members of a choice element (value[x]): its name without [x] ("value"). At most
  // one member may appear; a required choice marks every member kRequired.
  std::string_view choice = {};
};

struct TypeDef {
  std::string_view name;
  // Whose elements are inherited: "Resource" (id, meta, implicitRules, language),
  // "DomainResource" (+ text, contained, extension, modifierExtension), "Element" (id,
  // extension), "BackboneElement" (+ modifierExtension), or empty.
  std::string_view base;
  std::span<const ElementDef> elements;
};

// The definition of `name` (a resource, backbone element or complex datatype), or nullptr.
// Quantity's profiles (SimpleQuantity, Duration, Age, Count, Distance, MoneyQuantity) resolve to
// Quantity.
const TypeDef* find_type_def(std::string_view name);

// The resource types with a definition (validated and, except Medication, Practitioner and
// Encounter which are only read when referenced, mapped).
bool is_described_resource(std::string_view resource_type);

// Per-file tables (one file per resource; datatypes in one file), collected by find_type_def.
std::span<const TypeDef> datatype_defs();
std::span<const TypeDef> patient_defs();
std::span<const TypeDef> observation_defs();
std::span<const TypeDef> condition_defs();
std::span<const TypeDef> allergy_intolerance_defs();
std::span<const TypeDef> service_request_defs();
std::span<const TypeDef> medication_request_defs();
std::span<const TypeDef> medication_defs();
std::span<const TypeDef> bundle_defs();
std::span<const TypeDef> practitioner_defs();
std::span<const TypeDef> encounter_defs();

}  // namespace titrate::inbound::fhir
