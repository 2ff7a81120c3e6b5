#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 ServiceRequest.
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kServiceRequest[] = {
    {"identifier", "Identifier", Card::kMany},
    {"instantiatesCanonical", "canonical", Card::kMany},
    {"instantiatesUri", "uri", Card::kMany},
    {"basedOn", "Reference", Card::kMany},
    {"replaces", "Reference", Card::kMany},
    {"requisition", "Identifier"},
    {"status", "code", Card::kRequired, &codes::kRequestStatus},
    {"intent", "code", Card::kRequired, &codes::kRequestIntent},
    {"category", "CodeableConcept", Card::kMany},
    {"priority", "code", Card::kOptional, &codes::kRequestPriority},
    {"doNotPerform", "boolean"},
    {"code", "CodeableConcept"},
    {"orderDetail", "CodeableConcept", Card::kMany},
    {"quantityQuantity", "Quantity", Card::kOptional, nullptr, "quantity"},
    {"quantityRatio", "Ratio", Card::kOptional, nullptr, "quantity"},
    {"quantityRange", "Range", Card::kOptional, nullptr, "quantity"},
    {"subject", "Reference", Card::kRequired},
    {"encounter", "Reference"},
    {"occurrenceDateTime", "dateTime", Card::kOptional, nullptr, "occurrence"},
    {"occurrencePeriod", "Period", Card::kOptional, nullptr, "occurrence"},
    {"occurrenceTiming", "Timing", Card::kOptional, nullptr, "occurrence"},
    {"asNeededBoolean", "boolean", Card::kOptional, nullptr, "asNeeded"},
    {"asNeededCodeableConcept", "CodeableConcept", Card::kOptional, nullptr, "asNeeded"},
    {"authoredOn", "dateTime"},
    {"requester", "Reference"},
    {"performerType", "CodeableConcept"},
    {"performer", "Reference", Card::kMany},
    {"locationCode", "CodeableConcept", Card::kMany},
    {"locationReference", "Reference", Card::kMany},
    {"reasonCode", "CodeableConcept", Card::kMany},
    {"reasonReference", "Reference", Card::kMany},
    {"insurance", "Reference", Card::kMany},
    {"supportingInfo", "Reference", Card::kMany},
    {"specimen", "Reference", Card::kMany},
    {"bodySite", "CodeableConcept", Card::kMany},
    {"note", "Annotation", Card::kMany},
    {"patientInstruction", "string"},
    {"relevantHistory", "Reference", Card::kMany},
};

constexpr TypeDef kDefs[] = {
    {"ServiceRequest", "DomainResource", kServiceRequest},
};

}  // namespace

std::span<const TypeDef> service_request_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
