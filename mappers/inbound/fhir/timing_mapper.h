#pragma once

#include <string>

#include "gateway/model/infusion_order.h"
#include "mappers/inbound/fhir/map_context.h"

namespace titrate::inbound::fhir {

// A Timing at `path` into `timing`: code (text, else first code) -> repeat_pattern;
// repeat.count, frequency, period/periodUnit, duration/durationUnit, boundsPeriod. Other repeat
// elements and events are listed as unmapped. A period or duration without its unit is an
// error; false then.
bool read_timing(const JsonValue& value, const std::string& path, MapContext& ctx,
                 model::Timing& timing);

}  // namespace titrate::inbound::fhir
