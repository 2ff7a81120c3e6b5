#include "mappers/outbound/fhir/medication_request.h"

#include <rapidjson/document.h>

#include "mappers/outbound/fhir/code_systems.h"
#include "mappers/outbound/fhir/extensions.h"
#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/profiles.h"

namespace titrate::outbound::fhir {

namespace order_elements {

model::Identifier typed(model::Identifier identifier, std::string_view type) {
  if (identifier.type.empty()) identifier.type = std::string(type);
  return identifier;
}

bool has_content(const model::Practitioner& practitioner) {
  return !practitioner.identifier.empty() || !practitioner.name.family.empty() ||
         !practitioner.name.given.empty();
}

void practitioner_reference(ResourceWriter& w, const model::Practitioner& practitioner) {
  std::string display;
  for (const std::string& given : practitioner.name.given) {
    if (given.empty()) continue;
    if (!display.empty()) display += ' ';
    display += given;
  }
  if (!practitioner.name.family.empty()) {
    if (!display.empty()) display += ' ';
    display += practitioner.name.family;
  }
  w.start_object();
  w.member("type", "Practitioner");
  if (!practitioner.identifier.empty()) {
    w.key("identifier");
    w.identifier(practitioner.identifier);
  }
  w.member("display", display);
  w.end_object();
}

namespace {

// FHIR units-of-time are UCUM codes; anything else cannot be a periodUnit.
bool is_unit_of_time(std::string_view unit) {
  for (std::string_view u : {"s", "min", "h", "d", "wk", "mo", "a"}) {
    if (unit == u) return true;
  }
  return false;
}

bool has_repeat(const model::Timing& t) {
  return t.count || t.frequency || (t.period && is_unit_of_time(t.period->unit)) ||
         (t.duration && is_unit_of_time(t.duration->unit)) || !t.start.empty() || !t.end.empty();
}

void integer(ResourceWriter& w, std::string_view name, int value) {
  w.key(name);
  w.decimal(model::Decimal{value, 0});
}

}  // namespace

bool has_content(const model::Timing& timing) {
  return has_repeat(timing) || !timing.repeat_pattern.empty();
}

void timing(ResourceWriter& w, const model::Timing& t) {
  w.start_object();
  if (has_repeat(t)) {
    w.key("repeat");
    w.start_object();
    if (!t.start.empty() || !t.end.empty()) {
      w.key("boundsPeriod");
      w.start_object();
      w.member("start", t.start.value);
      w.member("end", t.end.value);
      w.end_object();
    }
    if (t.count) integer(w, "count", *t.count);
    if (t.duration && is_unit_of_time(t.duration->unit)) {
      w.key("duration");
      w.decimal(t.duration->value);
      w.member("durationUnit", t.duration->unit);
    }
    if (t.frequency) integer(w, "frequency", *t.frequency);
    if (t.period && is_unit_of_time(t.period->unit)) {
      w.key("period");
      w.decimal(t.period->value);
      w.member("periodUnit", t.period->unit);
    }
    w.end_object();
  }
  if (!t.repeat_pattern.empty()) {
    w.key("code");
    w.start_object();
    w.member("text", t.repeat_pattern);
    w.end_object();
  }
  w.end_object();
}

void reason_codes(ResourceWriter& w, const std::vector<model::CodeableConcept>& indications) {
  bool any = false;
  for (const model::CodeableConcept& cc : indications) any = any || fhir::has_content(cc);
  if (!any) return;
  w.key("reasonCode");
  w.start_array();
  for (const model::CodeableConcept& cc : indications) {
    if (fhir::has_content(cc)) w.codeable_concept(cc);
  }
  w.end_array();
}

}  // namespace order_elements

namespace {

using model::OrderStatus;
using namespace order_elements;

}  // namespace

std::string_view medication_request_status(OrderStatus status) {
  switch (status) {
    case OrderStatus::kActive:
      return "active";
    case OrderStatus::kOnHold:
      return "on-hold";
    case OrderStatus::kCancelled:
      return "cancelled";
    case OrderStatus::kCompleted:
      return "completed";
    case OrderStatus::kStopped:
      return "stopped";
    case OrderStatus::kEnteredInError:
      return "entered-in-error";
    case OrderStatus::kUnknown:
      break;
  }
  return "unknown";
}

namespace {

void write_extensions(ResourceWriter& w, const model::InfusionOrder& order) {
  const bool has_override = order.limit_override && !order.limit_override->reason.empty();
  if (order.care_area.empty() && !has_override) return;
  w.key("extension");
  w.start_array();
  if (!order.care_area.empty()) write_care_area(w, order.care_area);
  if (has_override) write_dosing_limit_override(w, *order.limit_override);
  w.end_array();
}

void write_identifiers(ResourceWriter& w, const model::InfusionOrder& order) {
  w.key("identifier");
  w.start_array();
  w.identifier(typed(order.placer, "PLAC"));
  if (!order.filler.empty()) w.identifier(typed(order.filler, "FILL"));
  w.end_array();
  if (!order.placer_group.empty()) {
    w.key("groupIdentifier");
    w.identifier({}, order.placer_group);
  }
}

bool has_dose_or_rate(const model::InfusionOrder& order) {
  return order.dose || order.dose_rate || order.infusion_rate;
}

void write_dose_and_rate(ResourceWriter& w, const model::InfusionOrder& order) {
  if (!has_dose_or_rate(order)) return;
  w.key("doseAndRate");
  w.start_array();
  w.start_object();
  if (order.dose) {
    w.key("doseQuantity");
    w.quantity(*order.dose);
  }
  const std::optional<model::Quantity>& rate =
      order.dose_rate ? order.dose_rate : order.infusion_rate;
  if (rate) {
    w.key("rateQuantity");
    w.quantity(*rate);
  }
  w.end_object();
  if (order.dose_rate && order.infusion_rate) {
    w.start_object();
    w.key("rateQuantity");
    w.quantity(*order.infusion_rate);
    w.end_object();
  }
  w.end_array();
}

void write_dosage_instruction(ResourceWriter& w, const model::InfusionOrder& order) {
  const bool has_route = fhir::has_content(order.route);
  const bool has_timing = has_content(order.timing);
  if (order.instructions.empty() && !has_route && !has_timing && !has_dose_or_rate(order)) return;
  w.key("dosageInstruction");
  w.start_array();
  w.start_object();
  w.member("text", order.instructions);
  if (has_timing) {
    w.key("timing");
    timing(w, order.timing);
  }
  if (has_route) {
    w.key("route");
    w.codeable_concept(order.route, {systems::kSnomed});
  }
  write_dose_and_rate(w, order);
  w.end_object();
  w.end_array();
}

}  // namespace

std::string order_resource_id(const model::Identifier& placer) {
  if (placer.empty()) throw OutboundFhirError("order without a placer id");
  return safe_fhir_id(placer.value);
}

FhirResource map_medication_request(const model::InfusionOrder& order) {
  const std::string id = order_resource_id(order.placer);
  if (order.patient_id.empty()) throw OutboundFhirError("order " + id + " without a patient id");
  if (!fhir::has_content(order.medication)) {
    throw OutboundFhirError("order " + id + " without a medication");
  }
  ResourceWriter w("MedicationRequest", id, {profiles::kInfusionOrder});
  write_extensions(w, order);
  write_identifiers(w, order);
  w.member("status", medication_request_status(order.status));
  w.member("intent", "order");
  w.key("medicationCodeableConcept");
  w.codeable_concept(order.medication, {systems::kRxNorm});
  w.key("subject");
  w.reference_by_identifier("Patient", order.patient_id);
  if (!order.visit_number.empty()) {
    w.key("encounter");
    w.reference_by_identifier("Encounter", order.visit_number);
  }
  w.member("authoredOn", order.authored.value);
  if (has_content(order.ordering_provider)) {
    w.key("requester");
    practitioner_reference(w, order.ordering_provider);
  }
  reason_codes(w, order.indications);
  if (order.origin == model::kServiceRequestOrigin) {
    w.key("basedOn");
    w.start_array();
    w.literal_reference("ServiceRequest", id);
    w.end_array();
  }
  write_dosage_instruction(w, order);
  if (order.volume) {
    w.key("dispenseRequest");
    w.start_object();
    w.key("quantity");
    w.quantity(*order.volume);
    w.end_object();
  }
  return {"MedicationRequest", id, w.finish()};
}

std::optional<std::string> with_status_of(const std::string& target, const std::string& source) {
  rapidjson::Document to, from;
  to.Parse(target.data(), target.size());
  from.Parse(source.data(), source.size());
  if (to.HasParseError() || !to.IsObject() || from.HasParseError() || !from.IsObject()) {
    return std::nullopt;
  }
  auto& alloc = to.GetAllocator();
  for (const char* name : {"status", "statusReason"}) {
    // HasMember / operator[] rather than member iterators: comparing RapidJSON 1.1's iterators
    // is ambiguous under C++20's reversed operators (clang warns).
    if (!from.HasMember(name)) {
      to.EraseMember(name);
    } else if (to.HasMember(name)) {
      to[name].CopyFrom(from[name], alloc);
    } else {
      to.AddMember(rapidjson::Value(name, alloc), rapidjson::Value(from[name], alloc), alloc);
    }
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  to.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace titrate::outbound::fhir
