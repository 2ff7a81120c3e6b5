#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/dosing_plan.h"
#include "gateway/model/infusion_order.h"
#include "mappers/outbound/fhir/fhir_resource.h"
#include "mappers/outbound/fhir/resource_writer.h"

// MedicationRequest for a whole infusion order (titrate.orders.v1 infusion-order), and the
// order-status update of one that is already stored.
namespace titrate::outbound::fhir {

// The resource id of an order's MedicationRequest (and ServiceRequest): safe_fhir_id(placer
// value), as map_medication_request_status names it.
std::string order_resource_id(const model::Identifier& placer);

// MedicationRequest.status for an order's status: active, on-hold, cancelled, completed,
// stopped, entered-in-error, unknown.
std::string_view medication_request_status(model::OrderStatus status);

// id = order_resource_id(placer); meta.profile titrate-infusion-order; extension care-area
// (valueCode) and dosing-limit-override (reason valueString, author valueReference, time
// valueDateTime) as the inbound mapper reads them; identifier PLAC and FILL; groupIdentifier;
// status = medication_request_status(order.status); intent order; medicationCodeableConcept RxNorm
// first; subject Patient and encounter by identifier; authoredOn; requester Practitioner by
// identifier (display = the name); reasonCode = indications; basedOn the order's ServiceRequest
// when it arrived as one; dosageInstruction: text, timing (repeat count / frequency / period /
// duration / bounds, code text = the sender's pattern), route, doseAndRate (dose with the mass rate
// or the volume rate; the volume rate in a second entry when both are given);
// dispenseRequest.quantity = the volume to infuse. Throws OutboundFhirError without a placer or
// patient id or a medication.
FhirResource map_medication_request(const model::InfusionOrder& order);

// `target` (a MedicationRequest JSON) with status and statusReason replaced by those of
// `source` (statusReason removed when `source` has none); everything else kept. The outbound
// module applies an order-status update to the stored full order this way, and keeps the status
// Titrate reported when the EHR re-sends an order. nullopt when either does not parse as an
// object.
std::optional<std::string> with_status_of(const std::string& target, const std::string& source);

// Elements MedicationRequest and ServiceRequest (service_request.h) write alike.
namespace order_elements {
// `identifier` with its v2 type set to `type` when it has none.
model::Identifier typed(model::Identifier identifier, std::string_view type);
bool has_content(const model::Practitioner& practitioner);
// {"type": "Practitioner", "identifier": .., "display": "<given> <family>"}.
void practitioner_reference(ResourceWriter& w, const model::Practitioner& practitioner);
bool has_content(const model::Timing& timing);
// A Timing: repeat (count, frequency, period + periodUnit, duration + durationUnit,
// boundsPeriod) for UCUM units of time FHIR has (s, min, h, d, wk, mo, a), code.text = the
// sender's pattern.
void timing(ResourceWriter& w, const model::Timing& timing);
// "reasonCode": [..] when there is an indication.
void reason_codes(ResourceWriter& w, const std::vector<model::CodeableConcept>& indications);
}  // namespace order_elements

}  // namespace titrate::outbound::fhir
