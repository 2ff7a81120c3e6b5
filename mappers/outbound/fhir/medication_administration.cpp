#include "mappers/outbound/fhir/medication_administration.h"

#include "mappers/outbound/fhir/code_systems.h"
#include "mappers/outbound/fhir/device.h"
#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/resource_writer.h"

namespace titrate::outbound::fhir {
namespace {

using model::SessionState;

bool is_terminal(SessionState state) {
  return state == SessionState::kCompleted || state == SessionState::kStopped ||
         state == SessionState::kAborted;
}

std::string_view status_of(const model::AdministrationEvent& event) {
  switch (event.state) {
    case SessionState::kRunning:
      return "in-progress";
    case SessionState::kPaused:
      return "on-hold";
    case SessionState::kCompleted:
      return "completed";
    case SessionState::kStopped:
    case SessionState::kAborted:
      return event.started.empty() ? "not-done" : "stopped";
    case SessionState::kProgrammed:
      break;
  }
  return {};
}

std::string_view medication_name(const model::CodeableConcept& medication) {
  if (!medication.text.empty()) return medication.text;
  for (const model::Coding& c : medication.codings) {
    if (!c.display.empty()) return c.display;
  }
  return "medication";
}

void append_quantity(std::string& text, const model::Quantity& q) {
  text.append(q.value.to_string()).append(" ").append(q.unit);
}

// "ketamine 1 mg/mL IV infusion at 20 mL/h (20 mg/h); 35 mg (35 mL) delivered"
std::string dosage_text(const model::AdministrationEvent& event,
                        const std::optional<model::Quantity>& rate, const model::Quantity& dose) {
  std::string text(medication_name(event.medication));
  const model::Ratio& c = event.concentration;
  if (!c.numerator.unit.empty() && !c.denominator.unit.empty()) {
    text.append(" ");
    append_quantity(text, c.numerator);
    text.append("/");
    if (c.denominator.value == model::Decimal{1, 0}) {
      text.append(c.denominator.unit);
    } else {
      append_quantity(text, c.denominator);
    }
  }
  text.append(" IV infusion");
  if (rate) {
    text.append(" at ");
    append_quantity(text, *rate);
    if (event.dose_rate) {
      text.append(" (");
      append_quantity(text, *event.dose_rate);
      text.append(")");
    }
  }
  text.append("; ");
  append_quantity(text, dose);
  if (!event.volume_delivered.unit.empty()) {
    text.append(" (");
    append_quantity(text, event.volume_delivered);
    text.append(")");
  }
  return text.append(" delivered");
}

void write_dosage(ResourceWriter& w, const model::AdministrationEvent& event) {
  const model::Quantity dose = in_unit(event.dose_delivered, "mg");
  std::optional<model::Quantity> rate;
  if (event.rate) rate = in_unit(*event.rate, "mL/h");
  w.key("dosage");
  w.start_object();
  w.member("text", dosage_text(event, rate, dose));
  w.key("route");
  w.codeable_concept(systems::kSnomed, "47625008", "Intravenous route");
  if (!dose.unit.empty()) {
    w.key("dose");
    w.quantity(dose);
  }
  if (rate) {
    w.key("rateQuantity");
    w.quantity(*rate);
  }
  w.end_object();
}

void write_effective(ResourceWriter& w, const model::AdministrationEvent& event,
                     std::string_view status) {
  if (status == "not-done") {
    w.member("effectiveDateTime", event.time.value);
    return;
  }
  w.key("effectivePeriod");
  w.start_object();
  w.member("start", event.started.empty() ? event.time.value : event.started.value);
  if (is_terminal(event.state)) w.member("end", event.time.value);
  w.end_object();
}

}  // namespace

std::string medication_administration_id(std::string_view session_id) {
  return safe_fhir_id(session_id);
}

std::optional<FhirResource> map_medication_administration(const model::AdministrationEvent& event) {
  if (event.session_id.empty()) throw OutboundFhirError("administration without a session id");
  if (event.patient_id.empty()) {
    throw OutboundFhirError("administration " + event.session_id + " without a patient id");
  }
  if (!has_content(event.medication)) {
    throw OutboundFhirError("administration " + event.session_id + " without a medication");
  }
  const std::string_view status = status_of(event);
  if (status.empty()) return std::nullopt;

  const std::string id = medication_administration_id(event.session_id);
  ResourceWriter w("MedicationAdministration", id, {profiles::kMedicationAdministration});
  if (const InfusionSeries series{event.infusion_number, event.series_total}; series.known()) {
    w.key("extension");
    w.start_array();
    write_infusion_series(w, series);
    w.end_array();
  }
  w.key("identifier");
  w.start_array();
  w.identifier(systems::kTitrateSession, event.session_id);
  w.end_array();
  w.member("status", status);
  if (event.state == SessionState::kAborted) {
    w.key("statusReason");
    w.start_array();
    w.codeable_concept(systems::kTitrateAdministrationStatusReason, "aborted", "Infusion aborted",
                       "Infusion aborted before completion");
    w.end_array();
  }
  w.key("medicationCodeableConcept");
  w.codeable_concept(event.medication, {systems::kRxNorm});
  w.key("subject");
  w.reference_by_identifier("Patient", event.patient_id);
  if (!event.visit_number.empty()) {
    w.key("context");
    w.reference_by_identifier("Encounter", event.visit_number);
  }
  write_effective(w, event, status);
  if (!event.placer.empty()) {
    w.key("request");
    w.reference_by_identifier("MedicationRequest", event.placer);
  }
  if (!event.device.empty()) {
    w.key("device");
    w.start_array();
    w.reference_by_identifier("Device", device_identifier(event.device));
    w.end_array();
  }
  bool has_note = false;
  for (const std::string& deviation : event.deviations) has_note = has_note || !deviation.empty();
  if (has_note) {
    w.key("note");
    w.start_array();
    for (const std::string& deviation : event.deviations) {
      if (deviation.empty()) continue;
      w.start_object();
      w.member("text", deviation);
      w.end_object();
    }
    w.end_array();
  }
  write_dosage(w, event);
  return FhirResource{"MedicationAdministration", id, w.finish()};
}

}  // namespace titrate::outbound::fhir
