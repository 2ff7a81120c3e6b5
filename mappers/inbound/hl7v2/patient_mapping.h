#pragma once

#include <cstddef>
#include <optional>

#include "gateway/model/patient_context.h"
#include "mappers/inbound/hl7v2/mapping_context.h"

namespace titrate::inbound {

// PID -> PatientContext, with the visit (first PV1) and the clinical segments found anywhere in
// the message (OBX body weight/height, AL1, DG1). `pid` is the index of a PID segment.
//
// patient_id is the first PID-3 repetition whose identifier type is the profile's
// patient_identifier_type (MR by default); a social-security number (type SS) is never the
// key, whatever the profile says. Without one: error 101 at PID-3.
model::PatientContext map_patient(MapContext&, size_t pid, model::PatientContext::Event);

// PV1 -> Visit: PV1-2 class (E EMER, I IMP, O AMB, R AMB, P PRENC), PV1-3 location, PV1-7
// attending, PV1-19 visit number (type VN), PV1-44/45 admitted/discharged.
model::Visit map_visit(MapContext&, size_t pv1);

}  // namespace titrate::inbound
