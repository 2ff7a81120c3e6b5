#include "mappers/inbound/fhir/map_fhir.h"

#include "mappers/inbound/fhir/bundle_entries.h"
#include "mappers/inbound/fhir/document.h"
#include "mappers/inbound/fhir/resource_helpers.h"
#include "mappers/inbound/fhir/resource_mappers.h"
#include "mappers/inbound/fhir/structure_def.h"

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
  return out;
}

std::vector<model::MappingIssue> validate_fhir(std::string_view json, const FhirLimits& limits) {
  Issues issues;
  read_document(json, limits, issues);
  return issues;
}

}  // namespace titrate::inbound::fhir
