#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/resource_helpers.h"
#include "mappers/inbound/fhir/resource_mappers.h"

namespace titrate::inbound::fhir {
namespace {

// The first reaction's first manifestation, as text.
std::string reaction_text(const JsonValue& allergy) {
  const JsonValue* reactions = allergy.find("reaction");
  if (reactions == nullptr || reactions->items.empty()) return {};
  const JsonValue* manifestations = reactions->items[0].find("manifestation");
  if (manifestations == nullptr || manifestations->items.empty()) return {};
  const model::CodeableConcept concept_value = read_codeable_concept(&manifestations->items[0]);
  if (!concept_value.text.empty()) return concept_value.text;
  for (const model::Coding& coding : concept_value.codings) {
    if (!coding.display.empty()) return coding.display;
  }
  return concept_value.codings.empty() ? std::string() : concept_value.codings[0].code;
}

}  // namespace

void map_allergy_intolerance(const Located& allergy, MapContext& ctx) {
  const JsonValue& r = *allergy.resource;
  const std::string verification =
      first_code(r.find("verificationStatus"),
                 "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification");
  if (verification == "refuted" || verification == "entered-in-error") {
    skip_resource(allergy, "the AllergyIntolerance is " + verification, ctx);
    return;
  }
  if (!check_modifier_extensions(allergy, ctx)) return;
  if (!subject_identity(allergy, "patient", ctx)) return;
  model::Allergy a;
  a.substance = read_codeable_concept(r.find("code"));
  if (const JsonValue* categories = r.find("category"); categories && !categories->items.empty()) {
    a.category = categories->items[0].text;
  }
  a.criticality = r.string_at("criticality");
  a.reaction = reaction_text(r);
  a.onset.value = r.string_at("onsetDateTime");
  ctx.patient.context().allergies.push_back(std::move(a));
  list_unused(allergy,
              {"code", "category", "criticality", "reaction", "onsetDateTime", "verificationStatus",
               "patient"},
              ctx);
}

}  // namespace titrate::inbound::fhir
