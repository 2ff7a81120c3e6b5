#pragma once

#include "gateway/model/infusion_order.h"
#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/hl7v2/order_groups.h"
#include "mappers/inbound/hl7v2/order_sources.h"

namespace titrate::inbound {

// The amounts of one order, each with its unit through the profile's unit map (an unknown unit
// is error 103 at the unit's identifier, a non-numeric amount error 102 at the amount):
//  * dose RXE-3/5 (RXO-2/4; "order.dose", "order.dose_unit"): mg or mg/kg -> dose, mL ->
//    volume; a rate unit here fills dose_rate / infusion_rate when RXE-23 did not. A different
//    maximum (RXE-4 / RXO-3: a dose range) is not supported: warning, the minimum is used.
//  * rate RXE-23/24 (RXO-21/22; "order.dose_rate", "order.infusion_rate" and their units):
//    a volume rate (mL/h) -> infusion_rate, a mass rate (mg/h, mg/kg/h) -> dose_rate. A rate
//    without a time unit is per RXE-22 (RXO-17) give-per interval: 500 mL per H4 -> 125 mL/h.
//  * concentration RXE-25/26 over RXE-33/34 (RXO-18/19 over RXO-25/26): 500 mg / 500 mL; a
//    strength already per volume (mg/mL) stands alone. Without them, one RXC additive (A, a
//    mass) over one RXC base (B, a volume).
// Units are kept as sent (in UCUM); only body measurements are normalized.
void map_amounts(MapContext&, const OrderGroup&, model::InfusionOrder&, OrderSources&);

}  // namespace titrate::inbound
