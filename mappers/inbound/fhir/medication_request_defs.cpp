#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 MedicationRequest (Dosage and Timing are datatypes: datatype_defs.cpp).
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kMedicationRequest[] = {
    {"identifier", "Identifier", Card::kMany},
    {"status", "code", Card::kRequired, &codes::kMedicationRequestStatus},
    {"statusReason", "CodeableConcept"},
    {"intent", "code", Card::kRequired, &codes::kMedicationRequestIntent},
    {"category", "CodeableConcept", Card::kMany},
    {"priority", "code", Card::kOptional, &codes::kRequestPriority},
    {"doNotPerform", "boolean"},
    {"reportedBoolean", "boolean", Card::kOptional, nullptr, "reported"},
    {"reportedReference", "Reference", Card::kOptional, nullptr, "reported"},
    {"medicationCodeableConcept", "CodeableConcept", Card::kRequired, nullptr, "medication"},
    {"medicationReference", "Reference", Card::kRequired, nullptr, "medication"},
    {"subject", "Reference", Card::kRequired},
    {"encounter", "Reference"},
    {"supportingInformation", "Reference", Card::kMany},
    {"authoredOn", "dateTime"},
    {"requester", "Reference"},
    {"performer", "Reference"},
    {"performerType", "CodeableConcept"},
    {"recorder", "Reference"},
    {"reasonCode", "CodeableConcept", Card::kMany},
    {"reasonReference", "Reference", Card::kMany},
    {"instantiatesCanonical", "canonical", Card::kMany},
    {"instantiatesUri", "uri", Card::kMany},
    {"basedOn", "Reference", Card::kMany},
    {"groupIdentifier", "Identifier"},
    {"courseOfTherapyType", "CodeableConcept"},
    {"insurance", "Reference", Card::kMany},
    {"note", "Annotation", Card::kMany},
    {"dosageInstruction", "Dosage", Card::kMany},
    {"dispenseRequest", "MedicationRequest.dispenseRequest"},
    {"substitution", "MedicationRequest.substitution"},
    {"priorPrescription", "Reference"},
    {"detectedIssue", "Reference", Card::kMany},
    {"eventHistory", "Reference", Card::kMany},
};

constexpr ElementDef kDispenseRequest[] = {
    {"initialFill", "MedicationRequest.dispenseRequest.initialFill"},
    {"dispenseInterval", "Duration"},
    {"validityPeriod", "Period"},
    {"numberOfRepeatsAllowed", "unsignedInt"},
    {"quantity", "Quantity"},
    {"expectedSupplyDuration", "Duration"},
    {"performer", "Reference"},
};

constexpr ElementDef kInitialFill[] = {
    {"quantity", "Quantity"},
    {"duration", "Duration"},
};

constexpr ElementDef kSubstitution[] = {
    {"allowedBoolean", "boolean", Card::kRequired, nullptr, "allowed"},
    {"allowedCodeableConcept", "CodeableConcept", Card::kRequired, nullptr, "allowed"},
    {"reason", "CodeableConcept"},
};

constexpr TypeDef kDefs[] = {
    {"MedicationRequest", "DomainResource", kMedicationRequest},
    {"MedicationRequest.dispenseRequest", "BackboneElement", kDispenseRequest},
    {"MedicationRequest.dispenseRequest.initialFill", "BackboneElement", kInitialFill},
    {"MedicationRequest.substitution", "BackboneElement", kSubstitution},
};

}  // namespace

std::span<const TypeDef> medication_request_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
