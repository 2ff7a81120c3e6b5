#pragma once

#include <string>

#include "gateway/model/patient_context.h"
#include "mappers/outbound/fhir/fhir_resource.h"

// Patient from a patient context (ADT, or the patient segment / resource of an order): what
// the EHR sent, so the store can answer Patient?identifier= for the other resources' logical
// references. The JSON carries PHI: it stays in the store and never reaches a log.
namespace titrate::outbound::fhir {

// The resource id of a patient: hashed_fhir_id("pat", "<system>|<value>"): no MRN in ids, so
// none in logs, URLs or outbox listings; equal MRNs of two assigning authorities stay two
// patients.
std::string patient_id(const model::Identifier& patient);

// id = patient_id(context.patient_id); identifier = every identifier received (the chosen one
// first), with its v2 type; name (family, given, prefix, suffix, use); gender;
// birthDate. Throws OutboundFhirError without a patient identifier.
FhirResource map_patient(const model::PatientContext& context);

// `update` with the top-level elements it lacks taken from `stored` (a Patient of the same
// id): an order's patient segment without a birth date does not erase the one ADT sent.
// Returns update.json unchanged when `stored` does not parse.
std::string merge_patient(const std::string& stored, const std::string& update);

}  // namespace titrate::outbound::fhir
