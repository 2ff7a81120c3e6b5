#pragma once

#include <cstddef>

#include "gateway/model/patient_context.h"
#include "mappers/inbound/hl7v2/mapping_context.h"

// The clinical segments of a patient context, wherever they are in the message (ADT body, or
// the patient and order groups of ORM/RDE).
namespace titrate::inbound {

// OBX body weight (LOINC 29463-7, 3141-9; MDC 68063) and height (LOINC 8302-2, 3137-7;
// MDC 68060). An OBX-3 with no code whose text is "Body weight" / "Body height" is accepted
// too (the v2.5 sample feeds send that) and reported as information. The value (OBX-5, NM)
// with its unit (OBX-6, through the profile's unit map) is kept as `reported` and converted to
// kg / cm. Effective time OBX-14, else MSH-7 (the message time is the latest the measurement
// can have been taken). Status OBX-11: F final, P preliminary, C amended, D entered-in-error,
// X cancelled. The profile's "patient.weight" location, when it holds a value (CQ:
// amount^unit), replaces the OBX weights. Other OBX segments are left unmapped.
void map_body_measurements(MapContext&, model::PatientContext&);

// AL1-2 type -> category (DA medication, FA food, EA/LA/AA/PA environment), AL1-3 substance,
// AL1-4 severity -> criticality (SV high, MO/MI low, U unable-to-assess), AL1-5 reactions
// joined by "; ", AL1-6 identification date -> onset.
void map_allergies(MapContext&, model::PatientContext&);

// DG1-3 code (DG1-4 description as text when the code has none), DG1-5 onset; category
// encounter-diagnosis, clinical status active.
void map_conditions(MapContext&, model::PatientContext&);
model::Condition map_condition(MapContext&, size_t dg1);

}  // namespace titrate::inbound
