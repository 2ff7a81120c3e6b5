#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 Condition.
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kCondition[] = {
    {"identifier", "Identifier", Card::kMany},
    {"clinicalStatus", "CodeableConcept", Card::kOptional, &codes::kConditionClinical},
    {"verificationStatus", "CodeableConcept", Card::kOptional, &codes::kConditionVerification},
    {"category", "CodeableConcept", Card::kMany},
    {"severity", "CodeableConcept"},
    {"code", "CodeableConcept"},
    {"bodySite", "CodeableConcept", Card::kMany},
    {"subject", "Reference", Card::kRequired},
    {"encounter", "Reference"},
    {"onsetDateTime", "dateTime", Card::kOptional, nullptr, "onset"},
    {"onsetAge", "Age", Card::kOptional, nullptr, "onset"},
    {"onsetPeriod", "Period", Card::kOptional, nullptr, "onset"},
    {"onsetRange", "Range", Card::kOptional, nullptr, "onset"},
    {"onsetString", "string", Card::kOptional, nullptr, "onset"},
    {"abatementDateTime", "dateTime", Card::kOptional, nullptr, "abatement"},
    {"abatementAge", "Age", Card::kOptional, nullptr, "abatement"},
    {"abatementPeriod", "Period", Card::kOptional, nullptr, "abatement"},
    {"abatementRange", "Range", Card::kOptional, nullptr, "abatement"},
    {"abatementString", "string", Card::kOptional, nullptr, "abatement"},
    {"recordedDate", "dateTime"},
    {"recorder", "Reference"},
    {"asserter", "Reference"},
    {"stage", "Condition.stage", Card::kMany},
    {"evidence", "Condition.evidence", Card::kMany},
    {"note", "Annotation", Card::kMany},
};

constexpr ElementDef kStage[] = {
    {"summary", "CodeableConcept"},
    {"assessment", "Reference", Card::kMany},
    {"type", "CodeableConcept"},
};

constexpr ElementDef kEvidence[] = {
    {"code", "CodeableConcept", Card::kMany},
    {"detail", "Reference", Card::kMany},
};

constexpr TypeDef kDefs[] = {
    {"Condition", "DomainResource", kCondition},
    {"Condition.stage", "BackboneElement", kStage},
    {"Condition.evidence", "BackboneElement", kEvidence},
};

}  // namespace

std::span<const TypeDef> condition_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
