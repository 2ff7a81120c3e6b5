#pragma once

#include "gateway/model/administration.h"
#include "mappers/outbound/fhir/fhir_resource.h"

// Observation for a vital sign (R4 vital-signs profile, domain-reference §5.2) or a pump reading.
namespace titrate::outbound::fhir {

// id = safe_fhir_id(observation_id); identifier under http://fhir.titrate.dev/sid/observation;
// status final; code with LOINC first and MDC (urn:iso:std:iso:11073:10101) second;
// effectiveDateTime; device by identifier; partOf the session's MedicationAdministration when a
// session was running; derivedFrom = the device message it was read from, by identifier
// (http://fhir.titrate.dev/sid/device-message).
//
// category "vital-signs": meta.profile titrate-vital-signs (what the R4 vital-signs profile
// requires; the R4 profiles themselves are not claimed as Titrate does not ship or validate
// them), category coding from http://terminology.hl7.org/CodeSystem/observation-category,
// subject = Patient (required). Any other category R4 does not define ("device" for pump
// readings: meta.profile titrate-pump-reading) is coded in the LOCAL code system
// http://fhir.titrate.dev/CodeSystem/observation-category; without a patient such an
// observation is about the Device (subject = Device, as the PoCD IG allows).
//
// valueQuantity in UCUM; an observation with components (the blood pressure panel 85354-9 with
// 8480-6 / 8462-4) carries them and no valueQuantity; one with neither gets dataAbsentReason
// "unknown". Throws OutboundFhirError without an observation id, code or time, or for a vital
// sign without a patient.
FhirResource map_observation(const model::ObservationEvent& event);

}  // namespace titrate::outbound::fhir
