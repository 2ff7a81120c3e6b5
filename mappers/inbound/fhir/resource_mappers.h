#pragma once

#include <vector>

#include "gateway/model/infusion_order.h"
#include "mappers/inbound/fhir/map_context.h"

// One function per supported resource type. Each reads one validated resource, adds to the
// message's patient context or orders, and reports issues located by FHIRPath. A resource whose
// mapping raised an error adds nothing.
namespace titrate::inbound::fhir {

// Demographics and identifiers. A Patient other than the message's patient is skipped.
void map_patient(const Located& patient, MapContext& ctx);
// Body weight (LOINC 29463-7, 3141-9) in kg and height (8302-2) in cm, the value as sent kept in
// `reported`; other codes, and cancelled or entered-in-error Observations, are skipped.
void map_observation(const Located& observation, MapContext& ctx);
// Refuted and entered-in-error Conditions and AllergyIntolerances are skipped: they must not
// reach contraindication screening.
void map_condition(const Located& condition, MapContext& ctx);
void map_allergy_intolerance(const Located& allergy, MapContext& ctx);
// status -> (status, action): active (kActive, kNew), on-hold (kOnHold, kHold), cancelled
// (kCancelled, kCancel), stopped (kStopped, kDiscontinue), completed (kCompleted,
// kStatusUpdate), entered-in-error (kEnteredInError, kCancel: it must not run), unknown
// (kUnknown, kStatusUpdate). A draft, an intent other than an order (proposal, plan, option) or
// doNotPerform is skipped with a warning. Then identifiers (order_common.h), subject, medication
// (medication_mapper.h), dosageInstruction[0] (dosage_mapper.h), encounter, requester,
// reasonCode / reasonReference and authoredOn.
void map_medication_request(const Located& request, MapContext& ctx,
                            std::vector<model::InfusionOrder>& orders);
// An order only when it names a medication (see service_request_mapper.cpp).
void map_service_request(const Located& request, MapContext& ctx,
                         std::vector<model::InfusionOrder>& orders);

}  // namespace titrate::inbound::fhir
