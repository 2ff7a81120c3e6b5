#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "dosing/dosing_engine.h"
#include "dosing/drug_library.h"
#include "dosing/order_book.h"
#include "gateway/bus/bus.h"

// The dosing module on the bus: group "titrate-dosing" on the orders topic.
//
// "patient-context" events merge into the patient's state and re-evaluate the orders held
// for a missing or stale weight. "infusion-order" events follow the order's lifecycle:
//   NW  new order: evaluate infusion 1; a NW for an order already accepted asks for its next
//       infusion (n + 1); a NW for a held or rejected order evaluates it again
//   XO  a new version of the order: re-evaluate, replacing the plan of the current infusion
//   CA  cancelled (the current infusion's plan no longer counts towards the totals)
//   DC  discontinued;  HD  on hold
//   RL  re-evaluate the current infusion, with the release's limit override when it has one
//   SC/OK  recorded only
// Each decision publishes an "order-status" (topics.order_status) and, when accepted, a
// "dosing-plan" (topics.plans): event ids are the input's + "/status" and "/plan", or
// "/status/<order id>" and "/plan/<order id>" for a patient context (which may re-evaluate
// several orders). Same key and source as the input; time from the clock.
namespace titrate::dosing {

using Clock = std::function<int64_t()>;  // microseconds since the Unix epoch

inline constexpr const char* kPatientSpace = "dosing-patient";
inline constexpr const char* kOrdersSpace = "dosing-orders";

class DosingModule {
 public:
  DosingModule(const DrugLibrary& library, Clock clock);

  // The handler refers to this module, which must outlive the bus it is subscribed to.
  bus::Subscription subscription(const bus::Topics& topics);
  void handle(const bus::Event& event, bus::HandlerContext& context, const bus::Topics& topics);

 private:
  struct Outputs;
  void on_patient(const bus::Event& event, bus::HandlerContext& context, const bus::Topics& topics);
  void on_order(const bus::Event& event, bus::HandlerContext& context, const bus::Topics& topics);
  // Decides the record's current infusion again and records the outcome in `book`.
  Decision evaluate(OrderRecord& record, OrderBook& book, const model::PatientContext& patient,
                    int64_t now_us) const;

  const DrugLibrary& library_;
  DosingEngine engine_;
  Clock clock_;
};

}  // namespace titrate::dosing
