#pragma once

#include "gateway/model/infusion_order.h"
#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/hl7v2/order_groups.h"
#include "mappers/inbound/hl7v2/order_sources.h"

namespace titrate::inbound {

struct MappedOrder {
  model::InfusionOrder order;
  OrderSources sources;
};

// One ORC group -> InfusionOrder (patient and visit are filled in by the caller):
//  * ORC-1 action and status (table 0119; empty 101, unknown 103), ORC-5 status override;
//  * placer ORC-2 (else OBR-2), filler ORC-3 (else OBR-3), group ORC-4, authored ORC-9 (else
//    RXE-32), ordering provider ORC-12 (else OBR-16);
//  * drug RXE-2, else RXO-1, else OBR-4 (or "order.medication"); required for NW and XO;
//  * amounts (dose_mapping.h), timing (timing_mapping.h), route RXR-1;
//  * indications RXE-27 / RXO-20 (every repetition) and each DG1 of the group;
//  * instructions: each RXE-7 / RXO-7 repetition and the group's NTE-3 lines, one per line.
// An RDE group without RXE is error 100; so is an ORM new/changed order without RXO or OBR.
MappedOrder map_order(MapContext&, const OrderGroup&);

}  // namespace titrate::inbound
