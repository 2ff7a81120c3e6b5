#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/order_common.h"
#include "mappers/inbound/fhir/resource_helpers.h"
#include "mappers/inbound/fhir/resource_mappers.h"
#include "mappers/inbound/fhir/timing_mapper.h"

// A ServiceRequest is a referral ("ketamine infusion series for treatment-resistant
// depression"). It becomes an InfusionOrder with action new only when its code or an
// orderDetail names a medication (an RxNorm or NDC coding, or a coding in the profile's
// medication code map): the dosing module then has a drug to check. Otherwise only its patient
// is kept (the patient context, so the referral's patient is known) and the resource is listed
// as unmapped with a not-supported warning.
namespace titrate::inbound::fhir {
namespace {

constexpr StatusMapping kStatuses[] = {
    {"active", model::OrderStatus::kActive, model::OrderAction::kNew},
    {"on-hold", model::OrderStatus::kOnHold, model::OrderAction::kHold},
    {"revoked", model::OrderStatus::kCancelled, model::OrderAction::kCancel},
    {"completed", model::OrderStatus::kCompleted, model::OrderAction::kStatusUpdate},
    {"entered-in-error", model::OrderStatus::kEnteredInError, model::OrderAction::kCancel},
    {"unknown", model::OrderStatus::kUnknown, model::OrderAction::kStatusUpdate},
};

bool is_medication(const JsonValue& concept_value, const profile::MappingProfile& profile) {
  const JsonValue* codings = concept_value.find("coding");
  if (codings == nullptr) return false;
  for (const JsonValue& c : codings->items) {
    const std::string_view system = c.string_at("system");
    if (system == kRxNorm || system == kNdc ||
        profile::find_code(profile.medication_codes, system, c.string_at("code")) != nullptr) {
      return true;
    }
  }
  return false;
}

// code, else the first orderDetail, that names a medication.
const JsonValue* medication_concept(const JsonValue& request,
                                    const profile::MappingProfile& profile) {
  if (const JsonValue* code = request.find("code"); code && is_medication(*code, profile)) {
    return code;
  }
  if (const JsonValue* details = request.find("orderDetail")) {
    for (const JsonValue& d : details->items) {
      if (is_medication(d, profile)) return &d;
    }
  }
  return nullptr;
}

void read_occurrence(const Located& request, MapContext& ctx, model::InfusionOrder& order,
                     bool& ok) {
  const JsonValue& r = *request.resource;
  if (const JsonValue* timing = r.find("occurrenceTiming")) {
    ok = read_timing(*timing, request.path + ".occurrenceTiming", ctx, order.timing) && ok;
  } else if (const JsonValue* period = r.find("occurrencePeriod")) {
    order.timing.start.value = period->string_at("start");
    order.timing.end.value = period->string_at("end");
  } else {
    order.timing.start.value = r.string_at("occurrenceDateTime");
  }
}

}  // namespace

void map_service_request(const Located& request, MapContext& ctx,
                         std::vector<model::InfusionOrder>& orders) {
  const JsonValue& r = *request.resource;
  const JsonValue* medication = medication_concept(r, ctx.profile);
  if (medication == nullptr) {
    if (subject_identity(request, "subject", ctx)) {
      ctx.patient.context();
      skip_resource(request, "the ServiceRequest names no medication: only its patient is kept",
                    ctx);
    }
    return;
  }
  const StatusMapping* status = find_status(kStatuses, r.string_at("status"));
  if (status == nullptr) {
    skip_resource(request, "a draft ServiceRequest is not an order yet", ctx);
    return;
  }
  const JsonValue* do_not_perform = r.find("doNotPerform");
  if (!is_order_intent(r.string_at("intent")) ||
      (do_not_perform != nullptr && do_not_perform->text == "true")) {
    skip_resource(request, "the ServiceRequest does not ask for the service to be done", ctx);
    return;
  }
  if (!check_modifier_extensions(request, ctx)) return;
  const size_t errors_before = ctx.issues.size();

  model::InfusionOrder order = start_order(request, *status, ctx);
  order.medication =
      map_codes(read_codeable_concept(medication), ctx.profile.medication_codes, kRxNorm);
  bool ok = true;
  read_occurrence(request, ctx, order, ok);
  order.visit_number = read_visit_number(request, ctx);
  order.ordering_provider = read_requester(request, ctx);
  order.indications = read_indications(request, ctx);
  order.authored.value = r.string_at("authoredOn");
  order.instructions = r.string_at("patientInstruction");
  order.origin = model::kServiceRequestOrigin;

  list_unused(request,
              {"identifier", "requisition", "status", "intent", "code", "orderDetail", "subject",
               "occurrenceTiming", "occurrencePeriod", "occurrenceDateTime", "encounter",
               "requester", "reasonCode", "reasonReference", "authoredOn", "patientInstruction"},
              ctx);
  if (ok && !has_error(ctx.issues, errors_before)) orders.push_back(std::move(order));
}

}  // namespace titrate::inbound::fhir
