#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/resource_helpers.h"
#include "mappers/inbound/fhir/resource_mappers.h"

namespace titrate::inbound::fhir {

void map_condition(const Located& condition, MapContext& ctx) {
  const JsonValue& r = *condition.resource;
  const std::string verification = first_code(
      r.find("verificationStatus"), "http://terminology.hl7.org/CodeSystem/condition-ver-status");
  if (verification == "refuted" || verification == "entered-in-error") {
    skip_resource(condition, "the Condition is " + verification, ctx);
    return;
  }
  if (!check_modifier_extensions(condition, ctx)) return;
  if (!subject_identity(condition, "subject", ctx)) return;
  model::Condition c;
  c.code = read_codeable_concept(r.find("code"));
  if (const JsonValue* categories = r.find("category"); categories && !categories->items.empty()) {
    c.category = first_code(&categories->items[0]);
  }
  c.clinical_status = first_code(r.find("clinicalStatus"),
                                 "http://terminology.hl7.org/CodeSystem/condition-clinical");
  c.onset.value = r.string_at("onsetDateTime");
  if (const JsonValue* period = r.find("onsetPeriod"); period && c.onset.empty()) {
    c.onset.value = period->string_at("start");
  }
  ctx.patient.context().conditions.push_back(std::move(c));
  list_unused(condition,
              {"code", "category", "clinicalStatus", "verificationStatus", "subject",
               "onsetDateTime", "onsetPeriod"},
              ctx);
}

}  // namespace titrate::inbound::fhir
