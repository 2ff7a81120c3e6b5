#pragma once

#include "gateway/model/dosing_plan.h"
#include "mappers/outbound/fhir/fhir_resource.h"

// MedicationRequest carrying the status Titrate reports for an order (titrate.order-status.v1).
namespace titrate::outbound::fhir {

// meta.profile titrate-infusion-order; extension infusion-series (number only: the update does
// not carry the series length) when the update names its infusion; id = safe_fhir_id(placer
// value); identifier = placer (type PLAC) and filler (FILL) when known;
// intent order; subject = Patient by identifier. status by order state:
//   accepted, programmed        -> active   (a plan exists / the pump holds the program)
//   held, on-hold               -> on-hold  (waiting for weight, an override, a review, HD)
//   program-rejected            -> on-hold  (the order stands; the pump refused the program)
//   rejected, cancelled         -> cancelled (nothing was or will be given for this order)
//   discontinued                -> stopped  (DC honoured; infusions may have been given)
//   completed                   -> completed
// statusReason (one CodeableConcept in R4): one coding per reason in
// http://fhir.titrate.dev/CodeSystem/order-status-reason plus each reason's detail coding
// (ICD-10 / SNOMED / PIV ERR-5) when it has a system, and text = the reasons' messages joined
// with "; ". medicationCodeableConcept is 1..1 in R4 but a status update does not carry the
// medication: `medication` when the caller knows it, else a data-absent-reason extension.
// Throws OutboundFhirError without a placer or patient id.
FhirResource map_medication_request_status(const model::OrderStatusUpdate& update,
                                           const model::CodeableConcept& medication = {});

}  // namespace titrate::outbound::fhir
