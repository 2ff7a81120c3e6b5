#include "mappers/outbound/fhir/service_request.h"

#include "mappers/outbound/fhir/code_systems.h"
#include "mappers/outbound/fhir/medication_request.h"
#include "mappers/outbound/fhir/resource_writer.h"

namespace titrate::outbound::fhir {
namespace {

using model::OrderStatus;

std::string_view status_of(OrderStatus status) {
  switch (status) {
    case OrderStatus::kActive:
      return "active";
    case OrderStatus::kOnHold:
      return "on-hold";
    case OrderStatus::kCancelled:
    case OrderStatus::kStopped:
      return "revoked";
    case OrderStatus::kCompleted:
      return "completed";
    case OrderStatus::kEnteredInError:
      return "entered-in-error";
    case OrderStatus::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace

FhirResource map_service_request(const model::InfusionOrder& order) {
  namespace el = order_elements;
  const std::string id = order_resource_id(order.placer);
  if (order.patient_id.empty()) throw OutboundFhirError("order " + id + " without a patient id");
  ResourceWriter w("ServiceRequest", id);
  w.key("identifier");
  w.start_array();
  w.identifier(el::typed(order.placer, "PLAC"));
  if (!order.filler.empty()) w.identifier(el::typed(order.filler, "FILL"));
  w.end_array();
  if (!order.placer_group.empty()) {
    w.key("requisition");
    w.identifier({}, order.placer_group);
  }
  w.member("status", status_of(order.status));
  w.member("intent", "order");
  if (has_content(order.medication)) {
    w.key("code");
    w.codeable_concept(order.medication, {systems::kRxNorm});
  }
  w.key("subject");
  w.reference_by_identifier("Patient", order.patient_id);
  if (!order.visit_number.empty()) {
    w.key("encounter");
    w.reference_by_identifier("Encounter", order.visit_number);
  }
  if (el::has_content(order.timing)) {
    w.key("occurrenceTiming");
    el::timing(w, order.timing);
  }
  w.member("authoredOn", order.authored.value);
  if (el::has_content(order.ordering_provider)) {
    w.key("requester");
    el::practitioner_reference(w, order.ordering_provider);
  }
  el::reason_codes(w, order.indications);
  w.member("patientInstruction", order.instructions);
  return {"ServiceRequest", id, w.finish()};
}

}  // namespace titrate::outbound::fhir
