#pragma once

#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/pcd/pcd_common.h"

// PCD device messages (ORU) -> PumpEvents in ctx.out().pump_events.
namespace titrate::pcd {

// PCD-10 ORU^R42: one event, kind from the MDC_ATTR_EVT_COND row.
void map_infusion_event(inbound::MapContext& ctx, const MessageFields& fields);
// PCD-01 ORU^R01: per OBR group, one kPumpStatus per pump MDS and one kVitals per other MDS.
void map_device_observation(inbound::MapContext& ctx, const MessageFields& fields);
// PCD-04 ORU^R40: one kAlarm event from the MDC_EVT_ALARM row.
void map_alarm(inbound::MapContext& ctx, const MessageFields& fields);

}  // namespace titrate::pcd
