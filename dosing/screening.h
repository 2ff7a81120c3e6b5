#pragma once

#include "dosing/drug_library.h"
#include "dosing/finding.h"
#include "gateway/model/patient_context.h"

namespace titrate::dosing {

// The contraindications of the library's screening list found in the patient's conditions
// (those not inactive, in remission or resolved) and allergies: one held-for-review finding
// ("contraindication", overridable) per rule, with the first matched code as its detail.
Findings screen(const DrugLibrary& library, const model::PatientContext& patient);

}  // namespace titrate::dosing
