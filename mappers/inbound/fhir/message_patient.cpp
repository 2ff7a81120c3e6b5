#include "mappers/inbound/fhir/map_context.h"

namespace titrate::inbound::fhir {

bool MessagePatient::claim(const model::Identifier& id, const std::string& location,
                           Issues& issues) {
  if (!id_) {
    id_ = id;
    if (context_) context_->patient_id = id;
    return true;
  }
  if (same_as(id)) return true;
  add_error(issues, location, "invalid",
            "the message concerns more than one patient; Titrate maps one patient per message");
  return false;
}

model::PatientContext& MessagePatient::context() {
  if (!context_) {
    context_.emplace();
    if (id_) context_->patient_id = *id_;
  }
  return *context_;
}

}  // namespace titrate::inbound::fhir
