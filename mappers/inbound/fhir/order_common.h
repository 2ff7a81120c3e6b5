#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "gateway/model/infusion_order.h"
#include "mappers/inbound/fhir/map_context.h"

// Order elements shared by MedicationRequest and ServiceRequest.
namespace titrate::inbound::fhir {

// A request status and what it means for the order.
struct StatusMapping {
  std::string_view status;
  model::OrderStatus order_status;
  model::OrderAction action;
};

// The row of `table` for `status`, or nullptr.
const StatusMapping* find_status(std::span<const StatusMapping> table, std::string_view status);

// Intents that ask for the medication to be given: order, original-order, reflex-order,
// filler-order, instance-order (not proposal, plan, directive or option).
bool is_order_intent(std::string_view intent);

// identifier[] with type PLAC / FILL (v2-0203); without a typed placer identifier the first
// untyped one is the placer number (request identifiers are the placer's business identifiers).
void read_order_identifiers(const JsonValue& request, model::InfusionOrder& order,
                            const profile::MappingProfile& profile);

// A new order with `status`'s order status and action, the patient of `request`'s subject
// (issues when it cannot be resolved) and the identifiers read by read_order_identifiers.
model::InfusionOrder start_order(const Located& request, const StatusMapping& status,
                                 MapContext& ctx);

// requester: a contained or bundled Practitioner's identifier and name; otherwise the logical
// identifier, or the reference text as a kReferenceSystem identifier.
// A practitioner, patient or visit known only by its FHIR reference text ("Practitioner/7").
model::Identifier reference_identifier(std::string_view reference);

model::Practitioner read_requester(const Located& request, MapContext& ctx);

// encounter: the contained or bundled Encounter's VN identifier (else its first), or the
// logical identifier; empty when the Encounter is not in the message.
model::Identifier read_visit_number(const Located& request, MapContext& ctx);

// reasonCode[] and the codes of the Conditions reasonReference[] points to (their display
// text when they are not in the message).
std::vector<model::CodeableConcept> read_indications(const Located& request, MapContext& ctx);

// Adds the profile's standard coding for each mapped local coding and puts codings of
// `preferred_system` first; local codings are kept.
model::CodeableConcept map_codes(model::CodeableConcept concept_value,
                                 const std::vector<profile::CodeMapEntry>& code_map,
                                 std::string_view preferred_system);

}  // namespace titrate::inbound::fhir
