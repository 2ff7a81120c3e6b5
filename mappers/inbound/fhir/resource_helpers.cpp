#include "mappers/inbound/fhir/resource_helpers.h"

#include <algorithm>

#include "mappers/inbound/fhir/fhir_values.h"

namespace titrate::inbound::fhir {
namespace {

std::string_view without_history(std::string_view reference) {
  const size_t history = reference.find("/_history/");
  return history == std::string_view::npos ? reference : reference.substr(0, history);
}

bool names_patient(std::string_view reference) {
  return reference.starts_with("Patient/") || reference.find("/Patient/") != std::string_view::npos;
}

void find_modifier_extensions(const JsonValue& value, const std::string& path, MapContext& ctx,
                              bool& found) {
  if (value.is_array()) {
    for (size_t i = 0; i < value.items.size(); ++i) {
      find_modifier_extensions(value.items[i], path + "[" + std::to_string(i) + "]", ctx, found);
    }
    return;
  }
  for (const JsonMember& m : value.members) {
    if (m.name == "modifierExtension") {
      add_error(ctx.issues, path + ".modifierExtension", "not-supported",
                "modifier extensions change the meaning of their element and are not understood");
      found = true;
      continue;
    }
    if (m.value.is_object() || m.value.is_array()) {
      find_modifier_extensions(m.value, path + "." + m.name, ctx, found);
    }
  }
}

}  // namespace

const Located* follow(const JsonValue* element, const std::string& path, const Located& from,
                      MapContext& ctx) {
  if (element == nullptr) return nullptr;
  const std::string_view reference = element->string_at("reference");
  if (reference.empty()) return nullptr;
  const Located* target = ctx.index.resolve(without_history(reference), from);
  if (target != nullptr) {
    ctx.referenced.insert(target);
  } else if (is_internal_reference(reference)) {
    add_error(ctx.issues, path + ".reference", "invalid",
              "the reference does not resolve to a resource in the message");
  }
  return target;
}

model::Identifier patient_identity(const Located& patient, const MapContext& ctx) {
  const JsonValue* identifiers = patient.resource->find("identifier");
  const JsonValue* chosen = nullptr;
  if (identifiers != nullptr) {
    for (const JsonValue& id : identifiers->items) {
      if (id.string_at("value").empty()) continue;
      if (read_identifier(id, ctx.profile).type == ctx.profile.patient_identifier_type) {
        chosen = &id;
        break;
      }
    }
    for (size_t i = 0; chosen == nullptr && i < identifiers->items.size(); ++i) {
      const JsonValue& id = identifiers->items[i];
      if (!id.string_at("value").empty() && id.string_at("use") != "old") chosen = &id;
    }
  }
  if (chosen != nullptr) return read_identifier(*chosen, ctx.profile);
  return {std::string(kReferenceSystem), reference_name(patient), {}, {}};
}

std::optional<model::Identifier> subject_identity(const Located& from, std::string_view element,
                                                  MapContext& ctx) {
  const std::string path = from.path + "." + std::string(element);
  const JsonValue* ref = from.resource->find(element);
  if (ref == nullptr) {
    add_error(ctx.issues, path, "required",
              "no " + std::string(element) + ": the patient cannot be identified");
    return std::nullopt;
  }
  std::optional<model::Identifier> id;
  const std::string_view text = ref->string_at("reference");
  if (!text.empty()) {
    if (const Located* target = follow(ref, path, from, ctx)) {
      if (target->type() != "Patient") {
        add_error(ctx.issues, path + ".reference", "not-supported",
                  "the " + std::string(element) + " must be a Patient, not a " +
                      std::string(target->type()));
        return std::nullopt;
      }
      id = patient_identity(*target, ctx);
    } else if (is_internal_reference(text)) {
      return std::nullopt;  // reported by follow()
    } else if (names_patient(text)) {
      id = model::Identifier{
          std::string(kReferenceSystem), std::string(without_history(text)), {}, {}};
    } else {
      add_error(ctx.issues, path + ".reference", "not-supported",
                "the " + std::string(element) + " must be a Patient");
      return std::nullopt;
    }
  } else if (const JsonValue* logical = ref->find("identifier")) {
    id = read_identifier(*logical, ctx.profile);
    if (id->value.empty()) {
      add_error(ctx.issues, path + ".identifier.value", "required",
                "the patient identifier has no value");
      return std::nullopt;
    }
  } else {
    add_error(ctx.issues, path, "required",
              "the " + std::string(element) + " has neither a reference nor an identifier");
    return std::nullopt;
  }
  if (!ctx.patient.claim(*id, path, ctx.issues)) return std::nullopt;
  return id;
}

void list_unused(const Located& located, std::initializer_list<std::string_view> used,
                 MapContext& ctx) {
  constexpr std::string_view kHousekeeping[] = {"resourceType", "id", "meta", "text", "contained"};
  for (const JsonMember& m : located.resource->members) {
    if (std::find(std::begin(kHousekeeping), std::end(kHousekeeping), m.name) !=
            std::end(kHousekeeping) ||
        std::find(used.begin(), used.end(), m.name) != used.end()) {
      continue;
    }
    ctx.unmapped.push_back(located.path + "." + m.name);
  }
}

bool check_modifier_extensions(const Located& located, MapContext& ctx) {
  bool found = false;
  find_modifier_extensions(*located.resource, located.path, ctx, found);
  return !found;
}

void skip_resource(const Located& located, const std::string& why, MapContext& ctx) {
  add_warning(ctx.issues, located.path, "not-supported", why);
  ctx.unmapped.push_back(located.path);
}

}  // namespace titrate::inbound::fhir
