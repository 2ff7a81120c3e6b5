#pragma once

#include <string_view>

#include "gateway/model/infusion_order.h"
#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/hl7v2/order_groups.h"
#include "mappers/inbound/hl7v2/order_sources.h"

namespace titrate::inbound {

// TQ1 of the order: TQ1-3 repeat pattern (kept as received; Q<n>S/M/H/D/W, QD, BID, TID, QID,
// <n>ID, QOD, QAM, QPM, QHS also give frequency and period), TQ1-7/8 start/end, TQ1-13
// occurrence duration (CQ "40^min"; or the profile's "order.duration") -> duration, TQ1-14
// total occurrences -> count. TQ1-6 service duration stands in for the occurrence duration
// only for a single occurrence (no repeat pattern, no count above 1). TQ1-2 quantity has no
// place in the model and is not read. Without TQ1, the legacy TQ of RXE-1 / ORC-7 / OBR-27
// gives the repeat pattern (TQ.2.1) and start/end (TQ.4/TQ.5).
void map_timing(MapContext&, const OrderGroup&, model::Timing&, OrderSources&);

// Frequency and period of a table 0335 repeat pattern; false when the pattern has none.
bool repeat_frequency(std::string_view pattern, model::Timing&);

}  // namespace titrate::inbound
