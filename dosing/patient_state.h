#pragma once

#include "gateway/model/patient_context.h"

namespace titrate::dosing {

// What the dosing module keeps of a patient (module state space "dosing-patient"): only what
// dosing uses, so no name, birth date or other identifiers are stored. `incoming` merges into
// `stored`: measurements are appended (an identical one is not repeated), an allergy or a
// condition with the same code replaces the earlier one (its status may have changed), others
// are added, and a visit replaces the earlier visit.
model::PatientContext merge_patient(model::PatientContext stored,
                                    const model::PatientContext& incoming);

}  // namespace titrate::dosing
