#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 AllergyIntolerance.
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kAllergyIntolerance[] = {
    {"identifier", "Identifier", Card::kMany},
    {"clinicalStatus", "CodeableConcept", Card::kOptional, &codes::kAllergyClinical},
    {"verificationStatus", "CodeableConcept", Card::kOptional, &codes::kAllergyVerification},
    {"type", "code", Card::kOptional, &codes::kAllergyType},
    {"category", "code", Card::kMany, &codes::kAllergyCategory},
    {"criticality", "code", Card::kOptional, &codes::kAllergyCriticality},
    {"code", "CodeableConcept"},
    {"patient", "Reference", Card::kRequired},
    {"encounter", "Reference"},
    {"onsetDateTime", "dateTime", Card::kOptional, nullptr, "onset"},
    {"onsetAge", "Age", Card::kOptional, nullptr, "onset"},
    {"onsetPeriod", "Period", Card::kOptional, nullptr, "onset"},
    {"onsetRange", "Range", Card::kOptional, nullptr, "onset"},
    {"onsetString", "string", Card::kOptional, nullptr, "onset"},
    {"recordedDate", "dateTime"},
    {"recorder", "Reference"},
    {"asserter", "Reference"},
    {"lastOccurrence", "dateTime"},
    {"note", "Annotation", Card::kMany},
    {"reaction", "AllergyIntolerance.reaction", Card::kMany},
};

constexpr ElementDef kReaction[] = {
    {"substance", "CodeableConcept"},
    {"manifestation", "CodeableConcept", Card::kRequiredMany},
    {"description", "string"},
    {"onset", "dateTime"},
    {"severity", "code", Card::kOptional, &codes::kReactionSeverity},
    {"exposureRoute", "CodeableConcept"},
    {"note", "Annotation", Card::kMany},
};

constexpr TypeDef kDefs[] = {
    {"AllergyIntolerance", "DomainResource", kAllergyIntolerance},
    {"AllergyIntolerance.reaction", "BackboneElement", kReaction},
};

}  // namespace

std::span<const TypeDef> allergy_intolerance_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
