#pragma once

#include "gateway/model/values.h"
#include "mappers/inbound/hl7v2/composite.h"
#include "mappers/inbound/hl7v2/mapping_context.h"

// Coded order elements through the profile's code maps: the mapped standard coding first, the
// codings as received kept after it (so the sender's own code is never lost).
namespace titrate::inbound {

// The drug (RXE-2 / RXO-1 / OBR-4 / the profile's "order.medication"). A code the map does not
// know is kept as received and reported as information 103 ("no RxNorm mapping"), unless a
// coding already is RxNorm. When the profile lists "order.medication" as required, a drug with
// neither a mapped nor a received RxNorm coding is an error 103 instead.
model::CodeableConcept map_medication(MapContext&, const Located& drug);

// The route (RXR-1): a coding without a system is table 0162; mapped through the profile's
// route map (SNOMED CT first). A route with neither a mapped nor a received SNOMED CT coding
// is reported as information 103.
model::CodeableConcept map_route(MapContext&, const Located& route);

}  // namespace titrate::inbound
