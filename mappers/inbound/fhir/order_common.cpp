#include "mappers/inbound/fhir/order_common.h"

#include <algorithm>
#include <optional>

#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/resource_helpers.h"

namespace titrate::inbound::fhir {
model::Identifier reference_identifier(std::string_view reference) {
  return {std::string(kReferenceSystem), std::string(reference), {}, {}};
}

namespace {

// The identifier of `type` with a value, else the first with a value; nullptr when none.
const JsonValue* identifier_of_type(const JsonValue* identifiers, std::string_view type,
                                    const profile::MappingProfile& profile) {
  if (identifiers == nullptr) return nullptr;
  for (const JsonValue& id : identifiers->items) {
    if (!id.string_at("value").empty() && read_identifier(id, profile).type == type) return &id;
  }
  for (const JsonValue& id : identifiers->items) {
    if (!id.string_at("value").empty()) return &id;
  }
  return nullptr;
}

}  // namespace

const StatusMapping* find_status(std::span<const StatusMapping> table, std::string_view status) {
  for (const StatusMapping& row : table) {
    if (row.status == status) return &row;
  }
  return nullptr;
}

bool is_order_intent(std::string_view intent) {
  return intent == "order" || intent == "original-order" || intent == "reflex-order" ||
         intent == "filler-order" || intent == "instance-order";
}

void read_order_identifiers(const JsonValue& request, model::InfusionOrder& order,
                            const profile::MappingProfile& profile) {
  const JsonValue* identifiers = request.find("identifier");
  const JsonValue* untyped = nullptr;
  if (identifiers != nullptr) {
    for (const JsonValue& id : identifiers->items) {
      model::Identifier read = read_identifier(id, profile);
      if (read.value.empty()) continue;
      if (read.type == "PLAC" && order.placer.empty()) {
        order.placer = std::move(read);
      } else if (read.type == "FILL" && order.filler.empty()) {
        order.filler = std::move(read);
      } else if (read.type.empty() && untyped == nullptr) {
        untyped = &id;
      }
    }
  }
  if (order.placer.empty() && untyped != nullptr) order.placer = read_identifier(*untyped, profile);
  for (std::string_view group : {"groupIdentifier", "requisition"}) {
    if (const JsonValue* id = request.find(group)) order.placer_group = id->string_at("value");
  }
}

model::InfusionOrder start_order(const Located& request, const StatusMapping& status,
                                 MapContext& ctx) {
  model::InfusionOrder order;
  order.status = status.order_status;
  order.action = status.action;
  if (std::optional<model::Identifier> patient = subject_identity(request, "subject", ctx)) {
    order.patient_id = *patient;
  }
  read_order_identifiers(*request.resource, order, ctx.profile);
  return order;
}

model::Practitioner read_requester(const Located& request, MapContext& ctx) {
  model::Practitioner out;
  const JsonValue* requester = request.resource->find("requester");
  if (requester == nullptr) return out;
  const Located* target = follow(requester, request.path + ".requester", request, ctx);
  if (target != nullptr && target->type() == "Practitioner") {
    if (const JsonValue* id =
            identifier_of_type(target->resource->find("identifier"), "NPI", ctx.profile)) {
      out.identifier = read_identifier(*id, ctx.profile);
    } else {
      out.identifier = reference_identifier(reference_name(*target));
    }
    if (const JsonValue* name = preferred_name(target->resource->find("name"))) {
      out.name = read_human_name(*name);
    }
    return out;
  }
  if (const std::string_view reference = requester->string_at("reference"); !reference.empty()) {
    out.identifier = reference_identifier(reference);
  } else if (const JsonValue* logical = requester->find("identifier")) {
    out.identifier = read_identifier(*logical, ctx.profile);
  }
  return out;
}

model::Identifier read_visit_number(const Located& request, MapContext& ctx) {
  const JsonValue* encounter = request.resource->find("encounter");
  if (encounter == nullptr) return {};
  const Located* target = follow(encounter, request.path + ".encounter", request, ctx);
  if (target != nullptr && target->type() == "Encounter") {
    const JsonValue* id =
        identifier_of_type(target->resource->find("identifier"), "VN", ctx.profile);
    return id != nullptr ? read_identifier(*id, ctx.profile) : model::Identifier{};
  }
  if (const JsonValue* logical = encounter->find("identifier")) {
    return read_identifier(*logical, ctx.profile);
  }
  ctx.unmapped.push_back(request.path + ".encounter");
  return {};
}

std::vector<model::CodeableConcept> read_indications(const Located& request, MapContext& ctx) {
  std::vector<model::CodeableConcept> out;
  if (const JsonValue* codes = request.resource->find("reasonCode")) {
    for (const JsonValue& c : codes->items) out.push_back(read_codeable_concept(&c));
  }
  const JsonValue* references = request.resource->find("reasonReference");
  if (references == nullptr) return out;
  for (size_t i = 0; i < references->items.size(); ++i) {
    const JsonValue& ref = references->items[i];
    const std::string path = request.path + ".reasonReference[" + std::to_string(i) + "]";
    const Located* target = follow(&ref, path, request, ctx);
    if (target != nullptr && target->type() == "Condition") {
      out.push_back(read_codeable_concept(target->resource->find("code")));
    } else if (const std::string_view display = ref.string_at("display"); !display.empty()) {
      out.push_back(model::CodeableConcept{{}, std::string(display)});
    } else {
      ctx.unmapped.push_back(path);
    }
  }
  return out;
}

model::CodeableConcept map_codes(model::CodeableConcept concept_value,
                                 const std::vector<profile::CodeMapEntry>& code_map,
                                 std::string_view preferred_system) {
  std::vector<model::Coding> standard;
  for (const model::Coding& coding : concept_value.codings) {
    const profile::CodeMapEntry* entry = profile::find_code(code_map, coding.system, coding.code);
    if (entry == nullptr) continue;
    const bool present = std::find(concept_value.codings.begin(), concept_value.codings.end(),
                                   entry->to) != concept_value.codings.end() ||
                         std::find(standard.begin(), standard.end(), entry->to) != standard.end();
    if (!present) standard.push_back(entry->to);
  }
  concept_value.codings.insert(concept_value.codings.begin(), standard.begin(), standard.end());
  std::stable_partition(concept_value.codings.begin(), concept_value.codings.end(),
                        [&](const model::Coding& c) { return c.system == preferred_system; });
  return concept_value;
}

}  // namespace titrate::inbound::fhir
