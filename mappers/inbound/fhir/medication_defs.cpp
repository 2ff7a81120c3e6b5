#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 Medication (read when a MedicationRequest references it).
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kMedication[] = {
    {"identifier", "Identifier", Card::kMany},
    {"code", "CodeableConcept"},
    {"status", "code", Card::kOptional, &codes::kMedicationStatus},
    {"manufacturer", "Reference"},
    {"form", "CodeableConcept"},
    {"amount", "Ratio"},
    {"ingredient", "Medication.ingredient", Card::kMany},
    {"batch", "Medication.batch"},
};

constexpr ElementDef kIngredient[] = {
    {"itemCodeableConcept", "CodeableConcept", Card::kRequired, nullptr, "item"},
    {"itemReference", "Reference", Card::kRequired, nullptr, "item"},
    {"isActive", "boolean"},
    {"strength", "Ratio"},
};

constexpr ElementDef kBatch[] = {
    {"lotNumber", "string"},
    {"expirationDate", "dateTime"},
};

constexpr TypeDef kDefs[] = {
    {"Medication", "DomainResource", kMedication},
    {"Medication.ingredient", "BackboneElement", kIngredient},
    {"Medication.batch", "BackboneElement", kBatch},
};

}  // namespace

std::span<const TypeDef> medication_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
