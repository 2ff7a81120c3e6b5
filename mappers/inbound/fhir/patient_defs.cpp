#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 Patient.
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kPatient[] = {
    {"identifier", "Identifier", Card::kMany},
    {"active", "boolean"},
    {"name", "HumanName", Card::kMany},
    {"telecom", "ContactPoint", Card::kMany},
    {"gender", "code", Card::kOptional, &codes::kGender},
    {"birthDate", "date"},
    {"deceasedBoolean", "boolean", Card::kOptional, nullptr, "deceased"},
    {"deceasedDateTime", "dateTime", Card::kOptional, nullptr, "deceased"},
    {"address", "Address", Card::kMany},
    {"maritalStatus", "CodeableConcept"},
    {"multipleBirthBoolean", "boolean", Card::kOptional, nullptr, "multipleBirth"},
    {"multipleBirthInteger", "integer", Card::kOptional, nullptr, "multipleBirth"},
    {"photo", "Attachment", Card::kMany},
    {"contact", "Patient.contact", Card::kMany},
    {"communication", "Patient.communication", Card::kMany},
    {"generalPractitioner", "Reference", Card::kMany},
    {"managingOrganization", "Reference"},
    {"link", "Patient.link", Card::kMany},
};

constexpr ElementDef kContact[] = {
    {"relationship", "CodeableConcept", Card::kMany},
    {"name", "HumanName"},
    {"telecom", "ContactPoint", Card::kMany},
    {"address", "Address"},
    {"gender", "code", Card::kOptional, &codes::kGender},
    {"organization", "Reference"},
    {"period", "Period"},
};

constexpr ElementDef kCommunication[] = {
    {"language", "CodeableConcept", Card::kRequired},
    {"preferred", "boolean"},
};

constexpr ElementDef kLink[] = {
    {"other", "Reference", Card::kRequired},
    {"type", "code", Card::kRequired, &codes::kLinkType},
};

constexpr TypeDef kDefs[] = {
    {"Patient", "DomainResource", kPatient},
    {"Patient.contact", "BackboneElement", kContact},
    {"Patient.communication", "BackboneElement", kCommunication},
    {"Patient.link", "BackboneElement", kLink},
};

}  // namespace

std::span<const TypeDef> patient_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
