#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/resource_helpers.h"
#include "mappers/inbound/fhir/resource_mappers.h"

namespace titrate::inbound::fhir {

void map_patient(const Located& patient, MapContext& ctx) {
  if (!check_modifier_extensions(patient, ctx)) return;
  const model::Identifier id = patient_identity(patient, ctx);
  if (id.value.empty()) {
    add_error(ctx.issues, patient.path + ".identifier", "required",
              "the Patient has no identifier and no id: it cannot be keyed");
    return;
  }
  if (ctx.patient.id() && !ctx.patient.same_as(id)) {
    skip_resource(patient, "a second patient: Titrate maps one patient per message", ctx);
    return;
  }
  if (id.system == kReferenceSystem) {
    add_warning(ctx.issues, patient.path + ".identifier", "required",
                "the Patient has no identifier; it is keyed by its FHIR reference");
  }
  ctx.patient.claim(id, patient.path, ctx.issues);
  model::PatientContext& context = ctx.patient.context();
  const JsonValue& r = *patient.resource;
  context.identifiers.clear();
  if (const JsonValue* identifiers = r.find("identifier")) {
    for (const JsonValue& i : identifiers->items) {
      context.identifiers.push_back(read_identifier(i, ctx.profile));
    }
  }
  if (const JsonValue* name = preferred_name(r.find("name"))) context.name = read_human_name(*name);
  context.birth_date.value = r.string_at("birthDate");
  context.gender = r.string_at("gender");
  list_unused(patient, {"identifier", "name", "birthDate", "gender"}, ctx);
}

}  // namespace titrate::inbound::fhir
