#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 Encounter (read when an order's encounter references it: the visit number).
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kEncounter[] = {
    {"identifier", "Identifier", Card::kMany},
    {"status", "code", Card::kRequired, &codes::kEncounterStatus},
    {"statusHistory", "Encounter.statusHistory", Card::kMany},
    {"class", "Coding", Card::kRequired},
    {"classHistory", "Encounter.classHistory", Card::kMany},
    {"type", "CodeableConcept", Card::kMany},
    {"serviceType", "CodeableConcept"},
    {"priority", "CodeableConcept"},
    {"subject", "Reference"},
    {"episodeOfCare", "Reference", Card::kMany},
    {"basedOn", "Reference", Card::kMany},
    {"participant", "Encounter.participant", Card::kMany},
    {"appointment", "Reference", Card::kMany},
    {"period", "Period"},
    {"length", "Duration"},
    {"reasonCode", "CodeableConcept", Card::kMany},
    {"reasonReference", "Reference", Card::kMany},
    {"diagnosis", "Encounter.diagnosis", Card::kMany},
    {"account", "Reference", Card::kMany},
    {"hospitalization", "Encounter.hospitalization"},
    {"location", "Encounter.location", Card::kMany},
    {"serviceProvider", "Reference"},
    {"partOf", "Reference"},
};

constexpr ElementDef kStatusHistory[] = {
    {"status", "code", Card::kRequired, &codes::kEncounterStatus},
    {"period", "Period", Card::kRequired},
};

constexpr ElementDef kClassHistory[] = {
    {"class", "Coding", Card::kRequired},
    {"period", "Period", Card::kRequired},
};

constexpr ElementDef kParticipant[] = {
    {"type", "CodeableConcept", Card::kMany},
    {"period", "Period"},
    {"individual", "Reference"},
};

constexpr ElementDef kDiagnosis[] = {
    {"condition", "Reference", Card::kRequired},
    {"use", "CodeableConcept"},
    {"rank", "positiveInt"},
};

constexpr ElementDef kHospitalization[] = {
    {"preAdmissionIdentifier", "Identifier"},
    {"origin", "Reference"},
    {"admitSource", "CodeableConcept"},
    {"reAdmission", "CodeableConcept"},
    {"dietPreference", "CodeableConcept", Card::kMany},
    {"specialCourtesy", "CodeableConcept", Card::kMany},
    {"specialArrangement", "CodeableConcept", Card::kMany},
    {"destination", "Reference"},
    {"dischargeDisposition", "CodeableConcept"},
};

constexpr ElementDef kLocation[] = {
    {"location", "Reference", Card::kRequired},
    {"status", "code", Card::kOptional, &codes::kEncounterLocationStatus},
    {"physicalType", "CodeableConcept"},
    {"period", "Period"},
};

constexpr TypeDef kDefs[] = {
    {"Encounter", "DomainResource", kEncounter},
    {"Encounter.statusHistory", "BackboneElement", kStatusHistory},
    {"Encounter.classHistory", "BackboneElement", kClassHistory},
    {"Encounter.participant", "BackboneElement", kParticipant},
    {"Encounter.diagnosis", "BackboneElement", kDiagnosis},
    {"Encounter.hospitalization", "BackboneElement", kHospitalization},
    {"Encounter.location", "BackboneElement", kLocation},
};

}  // namespace

std::span<const TypeDef> encounter_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
