#pragma once

#include "gateway/model/infusion_order.h"
#include "mappers/inbound/fhir/map_context.h"

namespace titrate::inbound::fhir {

// dosageInstruction[0] into the order: text, route (profile route map, SNOMED CT first),
// timing.repeat, and doseAndRate[0]:
//   doseQuantity  mass -> dose in mg; mass per kg -> dose in mg/kg; volume -> volume in mL
//   rateQuantity  volume/time -> infusion_rate in mL/h; mass/time -> dose_rate in mg/h;
//                 mass/kg/time -> dose_rate in mg/kg/h
//   rateRatio     numerator per a denominator of exactly 1 h, then as rateQuantity
// Other dosage instructions, dose and rate ranges and ratios over other periods are listed as
// unmapped with a not-supported warning. An unreadable quantity is an error; false then.
bool read_dosage(const Located& request, MapContext& ctx, model::InfusionOrder& order);

}  // namespace titrate::inbound::fhir
