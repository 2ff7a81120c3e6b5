#pragma once

#include "gateway/model/infusion_order.h"
#include "mappers/inbound/fhir/map_context.h"

namespace titrate::inbound::fhir {

// medicationCodeableConcept, or the Medication medicationReference points to (contained or
// bundled): its code (else its single ingredient's code) becomes order.medication, the
// profile's code map applied with RxNorm first; a single ingredient strength of mass per volume
// becomes order.concentration. False when the order has no usable medication (an error).
bool read_medication(const Located& request, MapContext& ctx, model::InfusionOrder& order);

}  // namespace titrate::inbound::fhir
