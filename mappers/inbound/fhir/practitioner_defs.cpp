#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 Practitioner (read when an order's requester references it).
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kPractitioner[] = {
    {"identifier", "Identifier", Card::kMany},
    {"active", "boolean"},
    {"name", "HumanName", Card::kMany},
    {"telecom", "ContactPoint", Card::kMany},
    {"address", "Address", Card::kMany},
    {"gender", "code", Card::kOptional, &codes::kGender},
    {"birthDate", "date"},
    {"photo", "Attachment", Card::kMany},
    {"qualification", "Practitioner.qualification", Card::kMany},
    {"communication", "CodeableConcept", Card::kMany},
};

constexpr ElementDef kQualification[] = {
    {"identifier", "Identifier", Card::kMany},
    {"code", "CodeableConcept", Card::kRequired},
    {"period", "Period"},
    {"issuer", "Reference"},
};

constexpr TypeDef kDefs[] = {
    {"Practitioner", "DomainResource", kPractitioner},
    {"Practitioner.qualification", "BackboneElement", kQualification},
};

}  // namespace

std::span<const TypeDef> practitioner_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
