#include "mappers/inbound/fhir/map_fhir.h"

#include <algorithm>

#include "mappers/inbound/fhir/bundle_entries.h"
#include "mappers/inbound/fhir/document.h"
#include "mappers/inbound/fhir/resource_helpers.h"
#include "mappers/inbound/fhir/resource_mappers.h"
#include "mappers/inbound/fhir/structure_def.h"
#include "mappers/profile/field_names.h"

namespace titrate::inbound::fhir {
namespace {

// Medication, Practitioner and Encounter are read only through the references that name them.
bool is_referenced_only(std::string_view type) {
  return type == "Medication" || type == "Practitioner" || type == "Encounter";
}

void map_resource(const Located& r, MapContext& ctx, std::vector<model::InfusionOrder>& orders) {
  const std::string_view type = r.type();
  if (type == "MedicationRequest") {
    map_medication_request(r, ctx, orders);
  } else if (type == "ServiceRequest") {
    map_service_request(r, ctx, orders);
  } else if (type == "Observation") {
    map_observation(r, ctx);
  } else if (type == "Condition") {
    map_condition(r, ctx);
  } else if (type == "AllergyIntolerance") {
    map_allergy_intolerance(r, ctx);
  }
}

}  // namespace

namespace {

// The profile's required model fields ("order.dose_rate", "patient.weight"); its HL7v2 locations
// do not apply to FHIR.
void check_required_fields(const profile::MappingProfile& profile, model::MappedMessage& out) {
  for (const std::string& rule : profile.required) {
    if (rule == "patient.weight") {
      const bool has_weight =
          out.patient &&
          std::any_of(out.patient->measurements.begin(), out.patient->measurements.end(),
                      [](const model::BodyMeasurement& m) {
                        return m.kind == model::BodyMeasurement::Kind::kWeight;
                      });
      if (!has_weight && !out.orders.empty()) {
        add_error(out.issues, "Bundle", "required",
                  "the profile requires patient.weight, which the message does not have");
      }
      continue;
    }
    for (size_t i = 0; i < out.orders.size(); ++i) {
      if (!profile::order_field_is_set(out.orders[i], rule)) {
        add_error(out.issues, "MedicationRequest", "required",
                  "the profile requires " + rule + ", which the order does not have");
      }
    }
  }
}

}  // namespace

model::MappedMessage map_fhir(std::string_view json, const profile::MappingProfile& profile,
                              const FhirLimits& limits) {
  model::MappedMessage out;
  out.source.format = "fhir";
  std::optional<JsonValue> root = read_document(json, limits, out.issues);
  if (!root) return out;
  out.source.control_id = root->string_at("id");

  ResourceIndex index;
  const std::vector<const Located*> resources =
      collect_resources(*root, index, out.issues, out.unmapped);
  MessagePatient patient;
  MapContext ctx{profile, index, out.issues, out.unmapped, patient};
  // Patients last: the patient the other resources name is the message's patient, whichever
  // entry comes first.
  for (const Located* r : resources) {
    if (r->type() != "Patient") map_resource(*r, ctx, out.orders);
  }
  for (const Located* r : resources) {
    if (r->type() == "Patient") map_patient(*r, ctx);
  }
  for (const Located* r : resources) {
    if (!is_described_resource(r->type())) {
      out.unmapped.push_back(r->path);  // the validator warned
    } else if (r->type() == "Bundle") {
      skip_resource(*r, "a Bundle inside a Bundle is not mapped", ctx);
    } else if (is_referenced_only(r->type()) && ctx.referenced.count(r) == 0) {
      skip_resource(*r, std::string(r->type()) + " is read only when an order references it", ctx);
    }
  }
  if (patient.result()) {
    patient.result()->event = out.orders.empty() ? model::PatientContext::Event::kUpdate
                                                 : model::PatientContext::Event::kOrderContext;
    out.patient = std::move(patient.result());
  }
  check_required_fields(profile, out);
  return out;
}

std::vector<model::MappingIssue> validate_fhir(std::string_view json, const FhirLimits& limits) {
  Issues issues;
  read_document(json, limits, issues);
  return issues;
}

}  // namespace titrate::inbound::fhir
