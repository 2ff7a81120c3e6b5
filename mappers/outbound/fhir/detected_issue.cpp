#include "mappers/outbound/fhir/detected_issue.h"

#include <array>
#include <utility>

#include "mappers/outbound/fhir/code_systems.h"
#include "mappers/outbound/fhir/device.h"
#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/medication_administration.h"
#include "mappers/outbound/fhir/profiles.h"
#include "mappers/outbound/fhir/resource_writer.h"

namespace titrate::outbound::fhir {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kAlertDisplays{{
    {"rate-mismatch", "Pump rate does not match the plan"},
    {"volume-beyond-vtbi", "Volume delivered beyond the VTBI"},
    {"duration-beyond-plan", "Infusion running beyond the planned duration"},
    {"start-without-plan", "Infusion started without a plan"},
    {"vital-sign", "Vital sign beyond its limit"},
    {"pump-alarm", "Pump alarm"},
    {"program-failed", "Pump program failed"},
    {"order-on-hold", "Order put on hold during the infusion"},
    {"order-discontinued", "Order ended during the infusion"},
}};

std::string_view alert_display(std::string_view code) {
  for (const auto& [known, display] : kAlertDisplays) {
    if (known == code) return display;
  }
  return {};
}

std::string_view severity_of(std::string_view severity) {
  if (severity == "high") return "high";
  if (severity == "medium") return "moderate";
  if (severity == "low") return "low";
  return {};
}

}  // namespace

FhirResource map_detected_issue(const model::Alert& alert) {
  if (alert.alert_id.empty()) throw OutboundFhirError("alert without an id");
  if (alert.code.empty()) throw OutboundFhirError("alert " + alert.alert_id + " without a code");

  const std::string id = safe_fhir_id(alert.alert_id);
  ResourceWriter w("DetectedIssue", id, {profiles::kInfusionAlert});
  w.key("identifier");
  w.start_array();
  w.identifier(systems::kTitrateAlertId, alert.alert_id);
  w.end_array();
  w.member("status", "final");
  w.key("code");
  w.codeable_concept(systems::kTitrateAlert, alert.code, alert_display(alert.code));
  w.member("severity", severity_of(alert.severity));
  if (!alert.patient_id.empty()) {
    w.key("patient");
    w.reference_by_identifier("Patient", alert.patient_id);
  }
  w.member("identifiedDateTime", alert.time.value);
  if (!alert.session_id.empty() || !alert.device.empty()) {
    w.key("implicated");
    w.start_array();
    if (!alert.session_id.empty()) {
      w.literal_reference("MedicationAdministration",
                          medication_administration_id(alert.session_id));
    }
    if (!alert.device.empty()) w.reference_by_identifier("Device", device_identifier(alert.device));
    w.end_array();
  }
  w.member("detail", alert.message);
  if (alert.action == model::AlertAction::kPause) {
    w.key("mitigation");
    w.start_array();
    w.start_object();
    w.key("action");
    w.codeable_concept(systems::kTitrateAlertAction, "pause-infusion", "Infusion paused");
    w.member("date", alert.time.value);
    w.end_object();
    w.end_array();
  }
  return {"DetectedIssue", id, w.finish()};
}

}  // namespace titrate::outbound::fhir
