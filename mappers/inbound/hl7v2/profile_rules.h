#pragma once

#include "gateway/model/infusion_order.h"
#include "gateway/model/patient_context.h"
#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/hl7v2/order_sources.h"

// The profile's checks that run on the mapped result.
namespace titrate::inbound {

// profile.required entries that are HL7 locations: "PV1-19" must be non-empty in every PV1
// (or in the one named: "OBX[2]-5"); a bare segment ("PV1") must be present. Missing: error
// 101 at the location (100 for a segment).
void check_required_locations(MapContext&);

// profile.required entries that are model fields ("order.dose_rate"): set on the order after
// mapping, else error 101 at the location the field is read from.
void check_required_order_fields(MapContext&, const model::InfusionOrder&, const OrderSources&);

// "patient.weight": the patient context has a body weight, else error 101 at the profile's
// weight location, or at "OBX".
void check_required_patient_fields(MapContext&, const model::PatientContext*);

// Every segment the mapping did not use goes into MappedMessage::unmapped as "ID[n]". A
// Z-segment or other non-standard segment among them is an issue 100: an error under
// unknown_segments kReject, information under kReport.
void report_unmapped(MapContext&);

}  // namespace titrate::inbound
