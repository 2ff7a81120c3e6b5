#include "mappers/outbound/fhir/observation.h"

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

constexpr std::string_view kVitalSigns = "vital-signs";
constexpr std::string_view kDeviceReading = "device";

// The codes of http://terminology.hl7.org/CodeSystem/observation-category with their displays.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kR4Categories{{
    {"social-history", "Social History"},
    {"vital-signs", "Vital Signs"},
    {"imaging", "Imaging"},
    {"laboratory", "Laboratory"},
    {"procedure", "Procedure"},
    {"survey", "Survey"},
    {"exam", "Exam"},
    {"therapy", "Therapy"},
    {"activity", "Activity"},
}};

std::string_view profile_of(std::string_view category) {
  if (category == kVitalSigns) return profiles::kVitalSigns;
  if (category == kDeviceReading) return profiles::kPumpReading;
  return {};
}

void write_category(ResourceWriter& w, std::string_view category) {
  if (category.empty()) return;
  w.key("category");
  w.start_array();
  for (const auto& [code, display] : kR4Categories) {
    if (code == category) {
      w.codeable_concept(systems::kObservationCategory, code, display);
      w.end_array();
      return;
    }
  }
  w.codeable_concept(systems::kTitrateObservationCategory, category,
                     category == "device" ? "Device reading" : "");
  w.end_array();
}

void write_code(ResourceWriter& w, const model::CodeableConcept& code) {
  w.codeable_concept(code, {systems::kLoinc, systems::kMdc});
}

void write_value(ResourceWriter& w, const model::ObservationEvent& event) {
  if (!event.components.empty()) {
    w.key("component");
    w.start_array();
    for (const model::ObservationComponent& component : event.components) {
      w.start_object();
      w.key("code");
      write_code(w, component.code);
      w.key("valueQuantity");
      w.quantity(component.value);
      w.end_object();
    }
    w.end_array();
  } else if (event.value) {
    w.key("valueQuantity");
    w.quantity(*event.value);
  } else {
    w.key("dataAbsentReason");
    w.codeable_concept(systems::kDataAbsentReason, "unknown", "Unknown");
  }
}

}  // namespace

FhirResource map_observation(const model::ObservationEvent& event) {
  if (event.observation_id.empty()) throw OutboundFhirError("observation without an id");
  if (!has_content(event.code)) {
    throw OutboundFhirError("observation " + event.observation_id + " without a code");
  }
  if (event.time.empty()) {
    throw OutboundFhirError("observation " + event.observation_id + " without a time");
  }
  const bool vital = event.category == kVitalSigns;
  if (vital && event.patient_id.empty()) {
    throw OutboundFhirError("vital sign " + event.observation_id + " without a patient id");
  }
  if (event.patient_id.empty() && event.device.empty()) {
    throw OutboundFhirError("observation " + event.observation_id + " without a subject");
  }

  const std::string id = safe_fhir_id(event.observation_id);
  const std::string_view profile = profile_of(event.category);
  ResourceWriter w = [&] {
    if (profile.empty()) return ResourceWriter("Observation", id);
    return ResourceWriter("Observation", id, {profile});
  }();
  w.key("identifier");
  w.start_array();
  w.identifier(systems::kTitrateObservation, event.observation_id);
  w.end_array();
  if (!event.session_id.empty()) {
    w.key("partOf");
    w.start_array();
    w.literal_reference("MedicationAdministration", medication_administration_id(event.session_id));
    w.end_array();
  }
  w.member("status", "final");
  write_category(w, event.category);
  w.key("code");
  write_code(w, event.code);
  w.key("subject");
  if (event.patient_id.empty()) {
    w.reference_by_identifier("Device", device_identifier(event.device));
  } else {
    w.reference_by_identifier("Patient", event.patient_id);
  }
  w.member("effectiveDateTime", event.time.value);
  write_value(w, event);
  if (!event.device.empty()) {
    w.key("device");
    w.reference_by_identifier("Device", device_identifier(event.device));
  }
  if (!event.source_event_id.empty()) {
    w.key("derivedFrom");
    w.start_array();
    model::Identifier message;
    message.system = std::string(systems::kTitrateDeviceMessage);
    message.value = event.source_event_id;
    w.reference_by_identifier({}, message);
    w.end_array();
  }
  return {"Observation", id, w.finish()};
}

}  // namespace titrate::outbound::fhir
