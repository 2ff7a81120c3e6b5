#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 complex datatypes and the abstract bases, as used by the supported resources.
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kElement[] = {
    {"id", "string"},
    {"extension", "Extension", Card::kMany},
};

constexpr ElementDef kBackboneElement[] = {
    {"id", "string"},
    {"extension", "Extension", Card::kMany},
    {"modifierExtension", "Extension", Card::kMany},
};

constexpr ElementDef kResource[] = {
    {"id", "id"},
    {"meta", "Meta"},
    {"implicitRules", "uri"},
    {"language", "code"},
};

constexpr ElementDef kDomainResource[] = {
    {"text", "Narrative"},
    {"contained", "Resource", Card::kMany},
    {"extension", "Extension", Card::kMany},
    {"modifierExtension", "Extension", Card::kMany},
};

constexpr ElementDef kMeta[] = {
    {"versionId", "id"},
    {"lastUpdated", "instant"},
    {"source", "uri"},
    {"profile", "canonical", Card::kMany},
    {"security", "Coding", Card::kMany},
    {"tag", "Coding", Card::kMany},
};

constexpr ElementDef kNarrative[] = {
    {"status", "code", Card::kRequired, &codes::kNarrativeStatus},
    {"div", "xhtml", Card::kRequired},
};

// value[x] may be any datatype. The metadata types at the end (ContactDetail ... UsageContext)
// have no definition here: their content is accepted unchecked.
constexpr ElementDef kExtension[] = {
    {"url", "uri", Card::kRequired},
    {"valueBase64Binary", "base64Binary", Card::kOptional, nullptr, "value"},
    {"valueBoolean", "boolean", Card::kOptional, nullptr, "value"},
    {"valueCanonical", "canonical", Card::kOptional, nullptr, "value"},
    {"valueCode", "code", Card::kOptional, nullptr, "value"},
    {"valueDate", "date", Card::kOptional, nullptr, "value"},
    {"valueDateTime", "dateTime", Card::kOptional, nullptr, "value"},
    {"valueDecimal", "decimal", Card::kOptional, nullptr, "value"},
    {"valueId", "id", Card::kOptional, nullptr, "value"},
    {"valueInstant", "instant", Card::kOptional, nullptr, "value"},
    {"valueInteger", "integer", Card::kOptional, nullptr, "value"},
    {"valueMarkdown", "markdown", Card::kOptional, nullptr, "value"},
    {"valueOid", "oid", Card::kOptional, nullptr, "value"},
    {"valuePositiveInt", "positiveInt", Card::kOptional, nullptr, "value"},
    {"valueString", "string", Card::kOptional, nullptr, "value"},
    {"valueTime", "time", Card::kOptional, nullptr, "value"},
    {"valueUnsignedInt", "unsignedInt", Card::kOptional, nullptr, "value"},
    {"valueUri", "uri", Card::kOptional, nullptr, "value"},
    {"valueUrl", "url", Card::kOptional, nullptr, "value"},
    {"valueUuid", "uuid", Card::kOptional, nullptr, "value"},
    {"valueAddress", "Address", Card::kOptional, nullptr, "value"},
    {"valueAge", "Age", Card::kOptional, nullptr, "value"},
    {"valueAnnotation", "Annotation", Card::kOptional, nullptr, "value"},
    {"valueAttachment", "Attachment", Card::kOptional, nullptr, "value"},
    {"valueCodeableConcept", "CodeableConcept", Card::kOptional, nullptr, "value"},
    {"valueCoding", "Coding", Card::kOptional, nullptr, "value"},
    {"valueContactPoint", "ContactPoint", Card::kOptional, nullptr, "value"},
    {"valueCount", "Count", Card::kOptional, nullptr, "value"},
    {"valueDistance", "Distance", Card::kOptional, nullptr, "value"},
    {"valueDuration", "Duration", Card::kOptional, nullptr, "value"},
    {"valueHumanName", "HumanName", Card::kOptional, nullptr, "value"},
    {"valueIdentifier", "Identifier", Card::kOptional, nullptr, "value"},
    {"valueMoney", "Money", Card::kOptional, nullptr, "value"},
    {"valuePeriod", "Period", Card::kOptional, nullptr, "value"},
    {"valueQuantity", "Quantity", Card::kOptional, nullptr, "value"},
    {"valueRange", "Range", Card::kOptional, nullptr, "value"},
    {"valueRatio", "Ratio", Card::kOptional, nullptr, "value"},
    {"valueReference", "Reference", Card::kOptional, nullptr, "value"},
    {"valueSampledData", "SampledData", Card::kOptional, nullptr, "value"},
    {"valueSignature", "Signature", Card::kOptional, nullptr, "value"},
    {"valueTiming", "Timing", Card::kOptional, nullptr, "value"},
    {"valueDosage", "Dosage", Card::kOptional, nullptr, "value"},
    {"valueMeta", "Meta", Card::kOptional, nullptr, "value"},
    {"valueContactDetail", "ContactDetail", Card::kOptional, nullptr, "value"},
    {"valueContributor", "Contributor", Card::kOptional, nullptr, "value"},
    {"valueDataRequirement", "DataRequirement", Card::kOptional, nullptr, "value"},
    {"valueExpression", "Expression", Card::kOptional, nullptr, "value"},
    {"valueParameterDefinition", "ParameterDefinition", Card::kOptional, nullptr, "value"},
    {"valueRelatedArtifact", "RelatedArtifact", Card::kOptional, nullptr, "value"},
    {"valueTriggerDefinition", "TriggerDefinition", Card::kOptional, nullptr, "value"},
    {"valueUsageContext", "UsageContext", Card::kOptional, nullptr, "value"},
};

constexpr ElementDef kIdentifier[] = {
    {"use", "code", Card::kOptional, &codes::kIdentifierUse},
    {"type", "CodeableConcept"},
    {"system", "uri"},
    {"value", "string"},
    {"period", "Period"},
    {"assigner", "Reference"},
};

constexpr ElementDef kHumanName[] = {
    {"use", "code", Card::kOptional, &codes::kNameUse},
    {"text", "string"},
    {"family", "string"},
    {"given", "string", Card::kMany},
    {"prefix", "string", Card::kMany},
    {"suffix", "string", Card::kMany},
    {"period", "Period"},
};

constexpr ElementDef kAddress[] = {
    {"use", "code", Card::kOptional, &codes::kAddressUse},
    {"type", "code", Card::kOptional, &codes::kAddressType},
    {"text", "string"},
    {"line", "string", Card::kMany},
    {"city", "string"},
    {"district", "string"},
    {"state", "string"},
    {"postalCode", "string"},
    {"country", "string"},
    {"period", "Period"},
};

constexpr ElementDef kContactPoint[] = {
    {"system", "code", Card::kOptional, &codes::kContactPointSystem},
    {"value", "string"},
    {"use", "code", Card::kOptional, &codes::kContactPointUse},
    {"rank", "positiveInt"},
    {"period", "Period"},
};

constexpr ElementDef kCodeableConcept[] = {
    {"coding", "Coding", Card::kMany},
    {"text", "string"},
};

constexpr ElementDef kCoding[] = {
    {"system", "uri"},     {"version", "string"},       {"code", "code"},
    {"display", "string"}, {"userSelected", "boolean"},
};

constexpr ElementDef kQuantity[] = {
    {"value", "decimal"}, {"comparator", "code", Card::kOptional, &codes::kComparator},
    {"unit", "string"},   {"system", "uri"},
    {"code", "code"},
};

constexpr ElementDef kRatio[] = {
    {"numerator", "Quantity"},
    {"denominator", "Quantity"},
};

constexpr ElementDef kRange[] = {
    {"low", "Quantity"},
    {"high", "Quantity"},
};

constexpr ElementDef kPeriod[] = {
    {"start", "dateTime"},
    {"end", "dateTime"},
};

constexpr ElementDef kReference[] = {
    {"reference", "string"},
    {"type", "uri"},
    {"identifier", "Identifier"},
    {"display", "string"},
};

constexpr ElementDef kAttachment[] = {
    {"contentType", "code"}, {"language", "code"},     {"data", "base64Binary"},
    {"url", "url"},          {"size", "unsignedInt"},  {"hash", "base64Binary"},
    {"title", "string"},     {"creation", "dateTime"},
};

constexpr ElementDef kAnnotation[] = {
    {"authorReference", "Reference", Card::kOptional, nullptr, "author"},
    {"authorString", "string", Card::kOptional, nullptr, "author"},
    {"time", "dateTime"},
    {"text", "markdown", Card::kRequired},
};

constexpr ElementDef kMoney[] = {
    {"value", "decimal"},
    {"currency", "code"},
};

constexpr ElementDef kSampledData[] = {
    {"origin", "Quantity", Card::kRequired},
    {"period", "decimal", Card::kRequired},
    {"factor", "decimal"},
    {"lowerLimit", "decimal"},
    {"upperLimit", "decimal"},
    {"dimensions", "positiveInt", Card::kRequired},
    {"data", "string"},
};

constexpr ElementDef kSignature[] = {
    {"type", "Coding", Card::kRequiredMany},
    {"when", "instant", Card::kRequired},
    {"who", "Reference", Card::kRequired},
    {"onBehalfOf", "Reference"},
    {"targetFormat", "code"},
    {"sigFormat", "code"},
    {"data", "base64Binary"},
};

constexpr ElementDef kTiming[] = {
    {"event", "dateTime", Card::kMany},
    {"repeat", "Timing.repeat"},
    {"code", "CodeableConcept"},
};

constexpr ElementDef kTimingRepeat[] = {
    {"boundsDuration", "Duration", Card::kOptional, nullptr, "bounds"},
    {"boundsRange", "Range", Card::kOptional, nullptr, "bounds"},
    {"boundsPeriod", "Period", Card::kOptional, nullptr, "bounds"},
    {"count", "positiveInt"},
    {"countMax", "positiveInt"},
    {"duration", "decimal"},
    {"durationMax", "decimal"},
    {"durationUnit", "code", Card::kOptional, &codes::kUnitsOfTime},
    {"frequency", "positiveInt"},
    {"frequencyMax", "positiveInt"},
    {"period", "decimal"},
    {"periodMax", "decimal"},
    {"periodUnit", "code", Card::kOptional, &codes::kUnitsOfTime},
    {"dayOfWeek", "code", Card::kMany, &codes::kDaysOfWeek},
    {"timeOfDay", "time", Card::kMany},
    {"when", "code", Card::kMany, &codes::kEventTiming},
    {"offset", "unsignedInt"},
};

constexpr ElementDef kDosage[] = {
    {"sequence", "integer"},
    {"text", "string"},
    {"additionalInstruction", "CodeableConcept", Card::kMany},
    {"patientInstruction", "string"},
    {"timing", "Timing"},
    {"asNeededBoolean", "boolean", Card::kOptional, nullptr, "asNeeded"},
    {"asNeededCodeableConcept", "CodeableConcept", Card::kOptional, nullptr, "asNeeded"},
    {"site", "CodeableConcept"},
    {"route", "CodeableConcept"},
    {"method", "CodeableConcept"},
    {"doseAndRate", "Dosage.doseAndRate", Card::kMany},
    {"maxDosePerPeriod", "Ratio"},
    {"maxDosePerAdministration", "Quantity"},
    {"maxDosePerLifetime", "Quantity"},
};

constexpr ElementDef kDosageDoseAndRate[] = {
    {"type", "CodeableConcept"},
    {"doseRange", "Range", Card::kOptional, nullptr, "dose"},
    {"doseQuantity", "Quantity", Card::kOptional, nullptr, "dose"},
    {"rateRatio", "Ratio", Card::kOptional, nullptr, "rate"},
    {"rateRange", "Range", Card::kOptional, nullptr, "rate"},
    {"rateQuantity", "Quantity", Card::kOptional, nullptr, "rate"},
};

constexpr TypeDef kDefs[] = {
    {"Element", "", kElement},
    {"BackboneElement", "", kBackboneElement},
    {"Resource", "", kResource},
    {"DomainResource", "Resource", kDomainResource},
    {"Meta", "Element", kMeta},
    {"Narrative", "Element", kNarrative},
    {"Extension", "Element", kExtension},
    {"Identifier", "Element", kIdentifier},
    {"HumanName", "Element", kHumanName},
    {"Address", "Element", kAddress},
    {"ContactPoint", "Element", kContactPoint},
    {"CodeableConcept", "Element", kCodeableConcept},
    {"Coding", "Element", kCoding},
    {"Quantity", "Element", kQuantity},
    {"Ratio", "Element", kRatio},
    {"Range", "Element", kRange},
    {"Period", "Element", kPeriod},
    {"Reference", "Element", kReference},
    {"Attachment", "Element", kAttachment},
    {"Annotation", "Element", kAnnotation},
    {"Money", "Element", kMoney},
    {"SampledData", "Element", kSampledData},
    {"Signature", "Element", kSignature},
    {"Timing", "BackboneElement", kTiming},
    {"Timing.repeat", "Element", kTimingRepeat},
    {"Dosage", "BackboneElement", kDosage},
    {"Dosage.doseAndRate", "Element", kDosageDoseAndRate},
};

}  // namespace

std::span<const TypeDef> datatype_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
