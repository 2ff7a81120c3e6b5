#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/administration.h"
#include "mappers/outbound/fhir/extensions.h"
#include "mappers/outbound/fhir/fhir_resource.h"
#include "mappers/outbound/fhir/profiles.h"

// MedicationAdministration for one infusion session (domain-reference §5.1): each event of the
// session rewrites the same resource (id from session_id), so the server holds its latest state.
namespace titrate::outbound::fhir {

inline constexpr std::string_view kMedicationAdministrationProfile =
    profiles::kMedicationAdministration;

// The resource id of a session's MedicationAdministration (DetectedIssue and Observation
// reference it by this id).
std::string medication_administration_id(std::string_view session_id);

// status by session state:
//   running   -> in-progress
//   paused    -> on-hold
//   completed -> completed
//   stopped   -> stopped
//   aborted   -> stopped, statusReason "aborted" (Titrate administration-status-reason)
//   stopped or aborted before anything started (no `started`) -> not-done
//   programmed -> no resource (nullopt): nothing has been given yet and R4 has no "planned"
//                 status ("not-done" would say it never will be); the programmed order is
//                 reported by the MedicationRequest (active).
// effectivePeriod: start = started (the event time when the session has none), end = the event
// time once the state is terminal; a not-done session gets effectiveDateTime = event time.
// identifier: the session under http://fhir.titrate.dev/sid/infusion-session. subject, context
// (Encounter), request (MedicationRequest) and device (Device) are logical references by
// identifier; medicationCodeableConcept with RxNorm first; dosage: route SNOMED 47625008, dose =
// delivered mg, rateQuantity = current mL/h (UCUM), text; note[] one per deviation.
// meta.profile titrate-medicationadministration; extension infusion-series (n of m) when the
// event carries the plan's infusion number.
// Throws OutboundFhirError without a session id, patient id or medication.
std::optional<FhirResource> map_medication_administration(const model::AdministrationEvent& event);

}  // namespace titrate::outbound::fhir
