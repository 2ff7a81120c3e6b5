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
// Body weight (LOINC 29463-7, 3141-9) in kg and height (8302-2) in cm; other codes are skipped.
void map_observation(const Located& observation, MapContext& ctx);
void map_condition(const Located& condition, MapContext& ctx);
void map_allergy_intolerance(const Located& allergy, MapContext& ctx);
void map_medication_request(const Located& request, MapContext& ctx,
                            std::vector<model::InfusionOrder>& orders);
// An order only when it names a medication (see service_request_mapper.cpp).
void map_service_request(const Located& request, MapContext& ctx,
                         std::vector<model::InfusionOrder>& orders);

}  // namespace titrate::inbound::fhir
