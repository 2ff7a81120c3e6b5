#pragma once

#include "gateway/model/administration.h"
#include "mappers/outbound/fhir/fhir_resource.h"

// DetectedIssue for a pump-control alert.
//
// Why DetectedIssue and not Flag: a Titrate alert is about one administration or event (a rate
// that does not match the plan, a volume beyond the VTBI, a vital sign past its limit), has a
// severity, names what it implicates (the session's MedicationAdministration, the pump), says
// what was found (detail) and what was done about it (mitigation: the infusion was paused) —
// which is what DetectedIssue models. Flag is a standing warning about a patient ("fall risk")
// shown whenever the record is opened; it has no severity, implicated resources or mitigation.
namespace titrate::outbound::fhir {

// meta.profile titrate-infusion-alert; id = safe_fhir_id(alert_id); identifier under
// http://fhir.titrate.dev/sid/alert; status final; code = the alert code in
// http://fhir.titrate.dev/CodeSystem/alert; severity high -> high, medium -> moderate, low -> low
// (left out for anything else); patient by identifier when known; identifiedDateTime; implicated =
// the session's MedicationAdministration (literal reference, Titrate writes it) and the Device (by
// identifier); detail = message; mitigation "pause-infusion"
// (http://fhir.titrate.dev/CodeSystem/alert-action) at the alert time when the action was pause.
// Throws OutboundFhirError without an alert id or code.
FhirResource map_detected_issue(const model::Alert& alert);

}  // namespace titrate::outbound::fhir
