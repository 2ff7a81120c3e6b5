#pragma once

#include "gateway/model/infusion_order.h"
#include "mappers/outbound/fhir/fhir_resource.h"

// ServiceRequest for an order that arrived as a referral: a FHIR ServiceRequest, or ORM^O01
// ORC + OBR, mapped as the HL7 v2-to-FHIR IG maps ORC + OBR (InfusionOrder::origin says which).
namespace titrate::outbound::fhir {

// id = order_resource_id(placer) (the same id as the order's MedicationRequest); identifier
// PLAC (ORC-2) and FILL (ORC-3); requisition = the placer group; status from the order
// (active, on-hold, revoked for cancelled or stopped, completed, entered-in-error, unknown);
// intent order; code = the ordered service (OBR-4 / ServiceRequest.code: the medication
// concept); subject and encounter by identifier; occurrenceTiming; authoredOn; requester;
// reasonCode; patientInstruction. Throws OutboundFhirError without a placer or patient id.
FhirResource map_service_request(const model::InfusionOrder& order);

}  // namespace titrate::outbound::fhir
