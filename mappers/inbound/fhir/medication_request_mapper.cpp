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

  list_unused(request,
              {"identifier", "status", "intent", "subject", "medicationCodeableConcept",
               "medicationReference", "dosageInstruction", "encounter", "requester", "reasonCode",
               "reasonReference", "authoredOn", "groupIdentifier"},
              ctx);
  if (!has_error(ctx.issues, errors_before)) {
    orders.push_back(std::move(order));
  }
}

}  // namespace titrate::inbound::fhir
