#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 Observation.
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kObservation[] = {
    {"identifier", "Identifier", Card::kMany},
    {"basedOn", "Reference", Card::kMany},
    {"partOf", "Reference", Card::kMany},
    {"status", "code", Card::kRequired, &codes::kObservationStatus},
    {"category", "CodeableConcept", Card::kMany},
    {"code", "CodeableConcept", Card::kRequired},
    {"subject", "Reference"},
    {"focus", "Reference", Card::kMany},
    {"encounter", "Reference"},
    {"effectiveDateTime", "dateTime", Card::kOptional, nullptr, "effective"},
    {"effectivePeriod", "Period", Card::kOptional, nullptr, "effective"},
    {"effectiveTiming", "Timing", Card::kOptional, nullptr, "effective"},
    {"effectiveInstant", "instant", Card::kOptional, nullptr, "effective"},
    {"issued", "instant"},
    {"performer", "Reference", Card::kMany},
    {"valueQuantity", "Quantity", Card::kOptional, nullptr, "value"},
    {"valueCodeableConcept", "CodeableConcept", Card::kOptional, nullptr, "value"},
    {"valueString", "string", Card::kOptional, nullptr, "value"},
    {"valueBoolean", "boolean", Card::kOptional, nullptr, "value"},
    {"valueInteger", "integer", Card::kOptional, nullptr, "value"},
    {"valueRange", "Range", Card::kOptional, nullptr, "value"},
    {"valueRatio", "Ratio", Card::kOptional, nullptr, "value"},
    {"valueSampledData", "SampledData", Card::kOptional, nullptr, "value"},
    {"valueTime", "time", Card::kOptional, nullptr, "value"},
    {"valueDateTime", "dateTime", Card::kOptional, nullptr, "value"},
    {"valuePeriod", "Period", Card::kOptional, nullptr, "value"},
    {"dataAbsentReason", "CodeableConcept"},
    {"interpretation", "CodeableConcept", Card::kMany},
    {"note", "Annotation", Card::kMany},
    {"bodySite", "CodeableConcept"},
    {"method", "CodeableConcept"},
    {"specimen", "Reference"},
    {"device", "Reference"},
    {"referenceRange", "Observation.referenceRange", Card::kMany},
    {"hasMember", "Reference", Card::kMany},
    {"derivedFrom", "Reference", Card::kMany},
    {"component", "Observation.component", Card::kMany},
};

constexpr ElementDef kReferenceRange[] = {
    {"low", "Quantity"},
    {"high", "Quantity"},
    {"type", "CodeableConcept"},
    {"appliesTo", "CodeableConcept", Card::kMany},
    {"age", "Range"},
    {"text", "string"},
};

constexpr ElementDef kComponent[] = {
    {"code", "CodeableConcept", Card::kRequired},
    {"valueQuantity", "Quantity", Card::kOptional, nullptr, "value"},
    {"valueCodeableConcept", "CodeableConcept", Card::kOptional, nullptr, "value"},
    {"valueString", "string", Card::kOptional, nullptr, "value"},
    {"valueBoolean", "boolean", Card::kOptional, nullptr, "value"},
    {"valueInteger", "integer", Card::kOptional, nullptr, "value"},
    {"valueRange", "Range", Card::kOptional, nullptr, "value"},
    {"valueRatio", "Ratio", Card::kOptional, nullptr, "value"},
    {"valueSampledData", "SampledData", Card::kOptional, nullptr, "value"},
    {"valueTime", "time", Card::kOptional, nullptr, "value"},
    {"valueDateTime", "dateTime", Card::kOptional, nullptr, "value"},
    {"valuePeriod", "Period", Card::kOptional, nullptr, "value"},
    {"dataAbsentReason", "CodeableConcept"},
    {"interpretation", "CodeableConcept", Card::kMany},
    {"referenceRange", "Observation.referenceRange", Card::kMany},
};

constexpr TypeDef kDefs[] = {
    {"Observation", "DomainResource", kObservation},
    {"Observation.referenceRange", "BackboneElement", kReferenceRange},
    {"Observation.component", "BackboneElement", kComponent},
};

}  // namespace

std::span<const TypeDef> observation_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
