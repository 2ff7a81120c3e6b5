#include "dosing/dosing_module.h"

#include <stdexcept>

#include "dosing/patient_state.h"
#include "gateway/bus/derived_event.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"
#include "gateway/model/model_json.h"

namespace titrate::dosing {
namespace {

using model::OrderAction;
using model::OrderState;

bool held_for_weight(const OrderRecord& r) {
  if (r.state != OrderState::kHeld) return false;
  for (const std::string& code : r.hold_codes) {
    if (code == "weight-missing" || code == "weight-stale") return true;
  }
  return false;
}

bool closed(const OrderRecord& r) {
  return r.state == OrderState::kCancelled || r.state == OrderState::kDiscontinued;
}

model::PatientContext load_patient(bus::HandlerContext& context, const std::string& key) {
  const std::optional<std::string> json = context.get_state(kPatientSpace, key);
  if (!json) return {};
  model::ModelJsonError error;
  std::optional<model::PatientContext> patient = model::patient_context_from_json(*json, &error);
  // The module wrote this document itself: an unreadable one is a bug, not bad input.
  if (!patient) throw std::runtime_error("dosing patient state unreadable: " + error.to_string());
  return std::move(*patient);
}

OrderBook load_book(bus::HandlerContext& context, const std::string& key) {
  const std::optional<std::string> json = context.get_state(kOrdersSpace, key);
  if (!json) return {};
  std::string error;
  std::optional<OrderBook> book = decode_order_book(*json, &error);
  if (!book) throw std::runtime_error("dosing order state unreadable: " + error);
  return std::move(*book);
}

// A status that is not a dosing decision (cancelled, on hold, a closed order's answer).
model::OrderStatusUpdate lifecycle_status(const model::InfusionOrder& order, OrderState state,
                                          int infusion_number, int64_t now_us) {
  model::OrderStatusUpdate s;
  s.placer = order.placer;
  s.filler = order.filler;
  s.patient_id = order.patient_id;
  s.state = state;
  s.infusion_number = infusion_number;
  s.time = model::DateTime{clock::iso8601_utc(now_us)};
  return s;
}

model::OrderStatusUpdate refused(const model::InfusionOrder& order, const std::string& code,
                                 const std::string& message, int infusion_number, int64_t now_us) {
  model::OrderStatusUpdate s =
      lifecycle_status(order, OrderState::kRejected, infusion_number, now_us);
  s.reasons.push_back(model::Reason{code, message, "order lifecycle", {}});
  return s;
}

}  // namespace

// Publishes the module's answers to one input event.
struct DosingModule::Outputs {
  const bus::Event& input;
  bus::HandlerContext& context;
  const bus::Topics& topics;
  int64_t now_us;

  bus::Event event(std::string_view type, std::string id_suffix, std::string body) const {
    return bus::derived_event(input, type, input.event_id + id_suffix, std::move(body), now_us);
  }
  void status(const model::OrderStatusUpdate& s, const std::string& suffix = "") const {
    context.publish(topics.order_status,
                    event(bus::event_type::kOrderStatus, "/status" + suffix, model::to_json(s)));
  }
  void decision(const Decision& d, const std::string& suffix = "") const {
    if (d.plan) {
      context.publish(topics.plans, event(bus::event_type::kDosingPlan, "/plan" + suffix,
                                          model::to_json(*d.plan)));
    }
    status(d.status, suffix);
  }
};

DosingModule::DosingModule(const DrugLibrary& library, Clock clock)
    : library_(library), engine_(library), clock_(std::move(clock)) {}

bus::Subscription DosingModule::subscription(const bus::Topics& topics) {
  return bus::Subscription{"titrate-dosing",
                           {topics.orders},
                           [this, topics](const bus::Event& event, bus::HandlerContext& context) {
                             handle(event, context, topics);
                           }};
}

void DosingModule::handle(const bus::Event& event, bus::HandlerContext& context,
                          const bus::Topics& topics) {
  if (event.type == bus::event_type::kPatientContext) {
    on_patient(event, context, topics);
  } else if (event.type == bus::event_type::kInfusionOrder) {
    on_order(event, context, topics);
  }
}

Decision DosingModule::evaluate(OrderRecord& record, OrderBook& book,
                                const model::PatientContext& patient, int64_t now_us) const {
  OrderHistory history;
  history.version = record.version;
  history.infusion_number = record.current;
  history.prior = book.prior_except(record.id, record.current);
  Decision d = engine_.evaluate(patient, record.order, history, now_us);

  // The current infusion's earlier plan (if any) is replaced by this decision.
  book.forget_infusion(record.id, record.current);
  if (d.infusion) book.infusions.push_back(*d.infusion);
  record.state = d.status.state;
  record.hold_codes.clear();
  if (record.state == OrderState::kHeld) {
    for (const model::Reason& r : d.status.reasons) record.hold_codes.push_back(r.code);
  }
  TITRATE_LOG_INFO("dosing: order decision %.*s infusion %d",
                   static_cast<int>(model::json_name(record.state).size()),
                   model::json_name(record.state).data(), record.current);
  return d;
}

void DosingModule::on_patient(const bus::Event& event, bus::HandlerContext& context,
                              const bus::Topics& topics) {
  model::ModelJsonError error;
  const std::optional<model::PatientContext> incoming =
      model::patient_context_from_json(event.body, &error);
  if (!incoming) {
    TITRATE_LOG_WARN("dosing: event %s: unreadable patient context: %s", event.event_id.c_str(),
                     error.to_string().c_str());
    return;
  }
  const model::PatientContext patient = merge_patient(load_patient(context, event.key), *incoming);
  context.put_state(kPatientSpace, event.key, model::to_json(patient));

  OrderBook book = load_book(context, event.key);
  const int64_t now = clock_();
  const Outputs out{event, context, topics, now};
  bool changed = false;
  for (OrderRecord& record : book.orders) {
    if (!held_for_weight(record)) continue;
    out.decision(evaluate(record, book, patient, now), "/" + record.id);
    changed = true;
  }
  if (changed) context.put_state(kOrdersSpace, event.key, encode_order_book(book));
}

void DosingModule::on_order(const bus::Event& event, bus::HandlerContext& context,
                            const bus::Topics& topics) {
  model::ModelJsonError error;
  std::optional<model::InfusionOrder> order = model::infusion_order_from_json(event.body, &error);
  if (!order) {
    TITRATE_LOG_WARN("dosing: event %s: unreadable infusion order: %s", event.event_id.c_str(),
                     error.to_string().c_str());
    return;
  }
  const int64_t now = clock_();
  const Outputs out{event, context, topics, now};
  const std::string id = order_id(*order);
  if (order->placer.empty() && order->filler.empty()) {
    out.status(
        refused(*order, "order-id-missing", "the order has no placer or filler number", 0, now));
    return;
  }

  OrderBook book = load_book(context, event.key);
  OrderRecord* record = book.find(id);
  const model::PatientContext patient = load_patient(context, event.key);
  auto save = [&] { context.put_state(kOrdersSpace, event.key, encode_order_book(book)); };
  auto add_record = [&](OrderState state) {
    book.orders.push_back(OrderRecord{id, 1, 1, state, {}, "", *order});
    return &book.orders.back();
  };

  switch (order->action) {
    case OrderAction::kNew:
      if (!record) {
        record = add_record(OrderState::kHeld);
      } else if (closed(*record)) {
        out.status(refused(*order, "order-closed", "the order was cancelled or discontinued",
                           record->current, now));
        return;
      } else {
        if (record->state == OrderState::kAccepted) ++record->current;
        record->order = std::move(*order);
      }
      out.decision(evaluate(*record, book, patient, now));
      break;
    case OrderAction::kChange:
    case OrderAction::kRelease: {
      const bool change = order->action == OrderAction::kChange;
      if (!record || closed(*record)) {
        out.status(refused(*order, record ? "order-closed" : "unknown-order",
                           record ? "the order was cancelled or discontinued"
                                  : "no earlier order with this number",
                           record ? record->current : 0, now));
        return;
      }
      if (change) {
        ++record->version;
        record->order = std::move(*order);
      } else if (order->limit_override) {
        record->order.limit_override = order->limit_override;
      }
      out.decision(evaluate(*record, book, patient, now));
      break;
    }
    case OrderAction::kCancel:
    case OrderAction::kDiscontinue:
    case OrderAction::kHold: {
      const OrderState state = order->action == OrderAction::kCancel ? OrderState::kCancelled
                               : order->action == OrderAction::kDiscontinue
                                   ? OrderState::kDiscontinued
                                   : OrderState::kOnHold;
      if (!record) record = add_record(state);
      // A cancelled order was not started, so its current plan does not count towards totals.
      if (state == OrderState::kCancelled) book.forget_infusion(record->id, record->current);
      record->state = state;
      record->hold_codes.clear();
      out.status(lifecycle_status(*order, state, record->current, now));
      break;
    }
    case OrderAction::kStatusUpdate:
      if (!record) return;
      record->filler_status = std::string(model::json_name(order->status));
      break;
  }
  save();
}

}  // namespace titrate::dosing
