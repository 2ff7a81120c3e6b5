#include "mappers/outbound/fhir/medication_request_status.h"

#include "mappers/outbound/fhir/code_systems.h"
#include "mappers/outbound/fhir/extensions.h"
#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/profiles.h"
#include "mappers/outbound/fhir/resource_writer.h"

namespace titrate::outbound::fhir {
namespace {

using model::OrderState;

std::string_view status_of(OrderState state) {
  switch (state) {
    case OrderState::kAccepted:
    case OrderState::kProgrammed:
      return "active";
    case OrderState::kHeld:
    case OrderState::kOnHold:
    case OrderState::kProgramRejected:
      return "on-hold";
    case OrderState::kRejected:
    case OrderState::kCancelled:
      return "cancelled";
    case OrderState::kDiscontinued:
      return "stopped";
    case OrderState::kCompleted:
      return "completed";
  }
  return "unknown";
}

model::Identifier typed(model::Identifier identifier, std::string_view type) {
  if (identifier.type.empty()) identifier.type = std::string(type);
  return identifier;
}

model::CodeableConcept status_reason(const std::vector<model::Reason>& reasons) {
  model::CodeableConcept cc;
  for (const model::Reason& reason : reasons) {
    if (!reason.code.empty()) {
      cc.codings.push_back(
          {std::string(systems::kTitrateOrderStatusReason), reason.code, std::string()});
    }
    if (!reason.detail.system.empty() && !reason.detail.code.empty()) {
      cc.codings.push_back(reason.detail);
    }
    if (!reason.message.empty()) {
      if (!cc.text.empty()) cc.text += "; ";
      cc.text += reason.message;
    }
  }
  return cc;
}

}  // namespace

FhirResource map_medication_request_status(const model::OrderStatusUpdate& update,
                                           const model::CodeableConcept& medication) {
  if (update.placer.empty()) throw OutboundFhirError("order status without a placer id");
  if (update.patient_id.empty()) {
    throw OutboundFhirError("order status for plan " + update.plan_id + " without a patient id");
  }
  const std::string id = safe_fhir_id(update.placer.value);
  ResourceWriter w("MedicationRequest", id, {profiles::kInfusionOrder});
  if (update.infusion_number > 0) {
    w.key("extension");
    w.start_array();
    write_infusion_series(w, {update.infusion_number, 0});
    w.end_array();
  }
  w.key("identifier");
  w.start_array();
  w.identifier(typed(update.placer, "PLAC"));
  if (!update.filler.empty()) w.identifier(typed(update.filler, "FILL"));
  w.end_array();
  w.member("status", status_of(update.state));
  const model::CodeableConcept reason = status_reason(update.reasons);
  if (has_content(reason)) {
    w.key("statusReason");
    w.codeable_concept(reason);
  }
  w.member("intent", "order");
  w.key("medicationCodeableConcept");
  if (has_content(medication)) {
    w.codeable_concept(medication, {systems::kRxNorm});
  } else {
    w.start_object();
    w.key("extension");
    w.start_array();
    w.start_object();
    w.member("url", systems::kDataAbsentReasonExtension);
    w.member("valueCode", "unknown");
    w.end_object();
    w.end_array();
    w.end_object();
  }
  w.key("subject");
  w.reference_by_identifier("Patient", update.patient_id);
  return {"MedicationRequest", id, w.finish()};
}

}  // namespace titrate::outbound::fhir
