#pragma once

#include <string_view>

#include "gateway/model/values.h"
#include "mappers/outbound/fhir/fhir_resource.h"

// Device: a pump or monitor as the other outbound resources reference it.
namespace titrate::outbound::fhir {

// How a device id is identified: 16 hex digits (optionally with '-' or ':' between bytes) is
// an IEEE EUI-64 under the PoCD IG's MdsDevice system (urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.
// 2680, value as received); anything else is a pump id under http://fhir.titrate.dev/sid/device.
model::Identifier device_identifier(std::string_view device);

// meta.profile titrate-device; id = safe_fhir_id(device); identifier as above; type = the MDC
// coding of `kind` (the MDS code: 70049 LVP, 69985 pump, 69965 monitor, ...; display the REFID
// where Titrate knows it), omitted when `kind` is empty; status active. Throws OutboundFhirError
// for an empty device.
FhirResource map_device(std::string_view device, std::string_view kind);

}  // namespace titrate::outbound::fhir
