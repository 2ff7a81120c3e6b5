#include <array>

#include "mappers/inbound/fhir/structure_def.h"

namespace titrate::inbound::fhir {
namespace {

using DefsFn = std::span<const TypeDef> (*)();
constexpr std::array<DefsFn, 11> kFamilies = {
    datatype_defs,
    patient_defs,
    observation_defs,
    condition_defs,
    allergy_intolerance_defs,
    service_request_defs,
    medication_request_defs,
    medication_defs,
    bundle_defs,
    practitioner_defs,
    encounter_defs,
};

constexpr std::array<std::string_view, 10> kResources = {
    "Patient",           "Observation", "Condition", "AllergyIntolerance", "ServiceRequest",
    "MedicationRequest", "Medication",  "Bundle",    "Practitioner",       "Encounter",
};

// Profiles of Quantity share its elements (their extra rules are invariants, not checked).
bool is_quantity_profile(std::string_view name) {
  return name == "SimpleQuantity" || name == "Duration" || name == "Age" || name == "Count" ||
         name == "Distance" || name == "MoneyQuantity";
}

}  // namespace

const TypeDef* find_type_def(std::string_view name) {
  if (is_quantity_profile(name)) name = "Quantity";
  for (DefsFn family : kFamilies) {
    for (const TypeDef& def : family()) {
      if (def.name == name) return &def;
    }
  }
  return nullptr;
}

bool is_described_resource(std::string_view resource_type) {
  for (std::string_view r : kResources) {
    if (r == resource_type) return true;
  }
  return false;
}

}  // namespace titrate::inbound::fhir
