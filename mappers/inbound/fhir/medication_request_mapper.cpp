#include "mappers/inbound/fhir/dosage_mapper.h"
#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/medication_mapper.h"
#include "mappers/inbound/fhir/order_common.h"
#include "mappers/inbound/fhir/resource_helpers.h"
#include "mappers/inbound/fhir/resource_mappers.h"

namespace titrate::inbound::fhir {
namespace {

// draft is absent on purpose: a draft is not an order yet. entered-in-error cancels: the order
// must not run.
constexpr StatusMapping kStatuses[] = {
    {"active", model::OrderStatus::kActive, model::OrderAction::kNew},
    {"on-hold", model::OrderStatus::kOnHold, model::OrderAction::kHold},
    {"cancelled", model::OrderStatus::kCancelled, model::OrderAction::kCancel},
    {"stopped", model::OrderStatus::kStopped, model::OrderAction::kDiscontinue},
    {"completed", model::OrderStatus::kCompleted, model::OrderAction::kStatusUpdate},
    {"entered-in-error", model::OrderStatus::kEnteredInError, model::OrderAction::kCancel},
    {"unknown", model::OrderStatus::kUnknown, model::OrderAction::kStatusUpdate},
};

// Titrate's extensions on an infusion order (their StructureDefinitions live in fhir-profiles/).
constexpr std::string_view kOverrideUrl =
    "http://fhir.titrate.dev/StructureDefinition/dosing-limit-override";
constexpr std::string_view kCareAreaUrl = "http://fhir.titrate.dev/StructureDefinition/care-area";

const JsonValue* find_extension(const JsonValue& element, std::string_view url) {
  const JsonValue* extensions = element.find("extension");
  if (extensions == nullptr || !extensions->is_array()) return nullptr;
  for (const JsonValue& extension : extensions->items) {
    if (extension.string_at("url") == url) return &extension;
  }
  return nullptr;
}

// An active MedicationRequest carrying the dosing-limit-override extension (sub-extensions
// "reason" valueString, "author" valueReference, "time" valueDateTime) releases a held order
// with the clinician's acknowledgement of its soft limits.
void read_extensions(const Located& request, MapContext& ctx, model::InfusionOrder& order) {
  const JsonValue& r = *request.resource;
  if (const JsonValue* area = find_extension(r, kCareAreaUrl)) {
    order.care_area = std::string(area->string_at("valueCode"));
  }
  if (order.care_area.empty()) order.care_area = ctx.profile.care_area;
  const JsonValue* override_extension = find_extension(r, kOverrideUrl);
  if (override_extension == nullptr || order.status != model::OrderStatus::kActive) return;
  model::LimitOverride override_by;
  if (const JsonValue* reason = find_extension(*override_extension, "reason")) {
    override_by.reason = std::string(reason->string_at("valueString"));
  }
  if (const JsonValue* time = find_extension(*override_extension, "time")) {
    override_by.time.value = std::string(time->string_at("valueDateTime"));
  }
  if (const JsonValue* author = find_extension(*override_extension, "author")) {
    if (const JsonValue* reference = author->find("valueReference")) {
      const std::string_view text = reference->string_at("reference");
      if (!text.empty()) override_by.by.identifier = reference_identifier(text);
      const std::string_view display = reference->string_at("display");
      if (!display.empty()) override_by.by.name.family = std::string(display);
    }
  }
  if (override_by.reason.empty()) {
    ctx.issues.push_back({model::MappingIssue::Severity::kError,
                          request.path + ".extension('" + std::string(kOverrideUrl) + "')",
                          "required", "a dosing-limit override needs a reason"});
    return;
  }
  order.action = model::OrderAction::kRelease;
  order.limit_override = std::move(override_by);
}

}  // namespace

void map_medication_request(const Located& request, MapContext& ctx,
                            std::vector<model::InfusionOrder>& orders) {
  const JsonValue& r = *request.resource;
  const StatusMapping* status = find_status(kStatuses, r.string_at("status"));
  if (status == nullptr) {
    skip_resource(request, "a draft MedicationRequest is not an order yet", ctx);
    return;
  }
  if (!is_order_intent(r.string_at("intent"))) {
    skip_resource(request, "intent " + std::string(r.string_at("intent")) + " is not an order",
                  ctx);
    return;
  }
  const JsonValue* do_not_perform = r.find("doNotPerform");
  if (do_not_perform != nullptr && do_not_perform->text == "true") {
    skip_resource(request, "a doNotPerform request is not an order to give the medication", ctx);
    return;
  }
  if (!check_modifier_extensions(request, ctx)) return;
  const size_t errors_before = ctx.issues.size();

  model::InfusionOrder order = start_order(request, *status, ctx);
  read_medication(request, ctx, order);
  read_dosage(request, ctx, order);
  order.visit_number = read_visit_number(request, ctx);
  order.ordering_provider = read_requester(request, ctx);
  order.indications = read_indications(request, ctx);
  order.authored.value = r.string_at("authoredOn");
  read_extensions(request, ctx, order);

  list_unused(request,
              {"identifier", "status", "intent", "subject", "medicationCodeableConcept",
               "medicationReference", "dosageInstruction", "encounter", "requester", "reasonCode",
               "reasonReference", "authoredOn", "groupIdentifier", "extension"},
              ctx);
  if (!has_error(ctx.issues, errors_before)) {
    orders.push_back(std::move(order));
  }
}

}  // namespace titrate::inbound::fhir
