#include "dosing/patient_state.h"

#include <algorithm>

namespace titrate::dosing {
namespace {

template <typename T, typename SameKey>
void merge_by(std::vector<T>& into, const std::vector<T>& incoming, SameKey same) {
  for (const T& item : incoming) {
    auto it = std::find_if(into.begin(), into.end(), [&](const T& x) { return same(x, item); });
    if (it == into.end()) {
      into.push_back(item);
    } else {
      *it = item;
    }
  }
}

}  // namespace

model::PatientContext merge_patient(model::PatientContext stored,
                                    const model::PatientContext& incoming) {
  model::PatientContext out;
  out.event = incoming.event;
  out.patient_id = incoming.patient_id.empty() ? stored.patient_id : incoming.patient_id;
  out.visit = incoming.visit ? incoming.visit : stored.visit;
  out.measurements = std::move(stored.measurements);
  merge_by(out.measurements, incoming.measurements,
           [](const model::BodyMeasurement& a, const model::BodyMeasurement& b) { return a == b; });
  out.allergies = std::move(stored.allergies);
  merge_by(out.allergies, incoming.allergies, [](const model::Allergy& a, const model::Allergy& b) {
    return a.substance == b.substance;
  });
  out.conditions = std::move(stored.conditions);
  merge_by(out.conditions, incoming.conditions,
           [](const model::Condition& a, const model::Condition& b) { return a.code == b.code; });
  return out;
}

}  // namespace titrate::dosing
