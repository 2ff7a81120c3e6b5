#include "mappers/inbound/fhir/medication_mapper.h"

#include <optional>

#include "gateway/model/units.h"
#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/order_common.h"
#include "mappers/inbound/fhir/resource_helpers.h"

namespace titrate::inbound::fhir {
namespace {

// Ingredients that count: all but those flagged isActive false.
std::vector<const JsonValue*> active_ingredients(const JsonValue& medication) {
  std::vector<const JsonValue*> out;
  if (const JsonValue* ingredients = medication.find("ingredient")) {
    for (const JsonValue& i : ingredients->items) {
      const JsonValue* active = i.find("isActive");
      if (active == nullptr || active->text != "false") out.push_back(&i);
    }
  }
  return out;
}

// With several strengths the concentration of the drug cannot be told from that of a diluent
// or a second drug, so only a single strength is used.
void read_concentration(const Located& medication, MapContext& ctx, model::InfusionOrder& order) {
  const JsonValue* ingredients = medication.resource->find("ingredient");
  if (ingredients == nullptr) return;
  std::optional<size_t> with_strength;
  for (size_t i = 0; i < ingredients->items.size(); ++i) {
    const JsonValue& ingredient = ingredients->items[i];
    const JsonValue* active = ingredient.find("isActive");
    if (ingredient.find("strength") == nullptr || (active && active->text == "false")) continue;
    if (with_strength) {
      add_warning(ctx.issues, medication.path + ".ingredient", "not-supported",
                  "more than one ingredient has a strength: the concentration is not mapped");
      ctx.unmapped.push_back(medication.path + ".ingredient");
      return;
    }
    with_strength = i;
  }
  if (!with_strength) return;
  const std::string path =
      medication.path + ".ingredient[" + std::to_string(*with_strength) + "].strength";
  const JsonValue& strength = *ingredients->items[*with_strength].find("strength");
  const JsonValue* numerator = strength.find("numerator");
  const JsonValue* denominator = strength.find("denominator");
  if (numerator == nullptr || denominator == nullptr) {
    add_error(ctx.issues, path, "required", "a strength needs a numerator and a denominator");
    return;
  }
  const QuantityRead num = read_quantity(*numerator, ctx.profile);
  const QuantityRead den = read_quantity(*denominator, ctx.profile);
  if (!num.quantity || !den.quantity) {
    const QuantityRead& bad = num.quantity ? den : num;
    add_error(ctx.issues, path + (num.quantity ? ".denominator." : ".numerator.") + bad.location,
              "value", bad.problem);
    return;
  }
  if (!units::same_dimension(num.quantity->unit, "mg") ||
      !units::same_dimension(den.quantity->unit, "mL")) {
    add_warning(ctx.issues, path, "not-supported",
                "the strength is not a mass per volume: the concentration is not mapped");
    ctx.unmapped.push_back(path);
    return;
  }
  order.concentration = model::Ratio{*num.quantity, *den.quantity};
}

}  // namespace

bool read_medication(const Located& request, MapContext& ctx, model::InfusionOrder& order) {
  const JsonValue& r = *request.resource;
  model::CodeableConcept medication;
  std::string location = request.path + ".medicationCodeableConcept";
  if (const JsonValue* concept_value = r.find("medicationCodeableConcept")) {
    medication = read_codeable_concept(concept_value);
  } else if (const JsonValue* reference = r.find("medicationReference")) {
    location = request.path + ".medicationReference";
    const Located* target = follow(reference, location, request, ctx);
    if (target != nullptr && target->type() == "Medication") {
      // A contained Medication was checked with its container.
      if (target->container == nullptr && !check_modifier_extensions(*target, ctx)) return false;
      medication = read_codeable_concept(target->resource->find("code"));
      const std::vector<const JsonValue*> ingredients = active_ingredients(*target->resource);
      if (medication.empty() && ingredients.size() == 1) {
        medication = read_codeable_concept(ingredients[0]->find("itemCodeableConcept"));
      } else if (medication.empty() && ingredients.size() > 1) {
        // A compounded mixture with no code of its own: it is named by its ingredients.
        for (const JsonValue* ingredient : ingredients) {
          model::CodeableConcept item =
              read_codeable_concept(ingredient->find("itemCodeableConcept"));
          const std::string name = !item.text.empty()      ? item.text
                                   : !item.codings.empty() ? item.codings.front().display
                                                           : std::string();
          for (model::Coding& coding : item.codings)
            medication.codings.push_back(std::move(coding));
          if (!name.empty()) medication.text += (medication.text.empty() ? "" : " + ") + name;
        }
        add_warning(ctx.issues, location, "informational",
                    "the Medication has no code: it is named by its ingredients");
      }
      read_concentration(*target, ctx, order);
    } else if (target == nullptr && is_internal_reference(reference->string_at("reference"))) {
      return false;  // reported by follow()
    }
    if (medication.empty() && !reference->string_at("display").empty()) {
      if (target == nullptr) {
        add_warning(ctx.issues, location, "not-supported",
                    "the Medication is not in the message: only the reference's display is used");
      }
      medication.text = reference->string_at("display");
    }
  }
  if (medication.empty()) {
    add_error(ctx.issues, location, "required",
              "the order names no medication code or text Titrate can use");
    return false;
  }
  order.medication = map_codes(std::move(medication), ctx.profile.medication_codes, kRxNorm);
  return true;
}

}  // namespace titrate::inbound::fhir
