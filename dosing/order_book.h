#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dosing/limit_check.h"
#include "gateway/model/dosing_plan.h"
#include "gateway/model/infusion_order.h"

// What the dosing module remembers about one patient's orders (module state space
// "dosing-orders", keyed by the patient key): each order's latest version and decision, and
// the infusions planned for the patient (for the cumulative and series rules).
namespace titrate::dosing {

struct OrderRecord {
  std::string id;   // order_id(): "system|value" of the placer (else filler) number
  int version = 1;  // 1 + the changes (XO) received
  int current = 1;  // the infusion number the latest decision was about
  model::OrderState state = model::OrderState::kHeld;
  std::vector<std::string> hold_codes;  // reason codes of a held decision
  std::string filler_status;            // the last status update's order status (recorded only)
  model::InfusionOrder order;           // the latest version
  bool operator==(const OrderRecord&) const = default;
};

struct OrderBook {
  std::vector<OrderRecord> orders;
  std::vector<PriorInfusion> infusions;

  OrderRecord* find(std::string_view id);
  // The infusions other than (order id, number): what the rules see when that one is decided
  // again.
  std::vector<PriorInfusion> prior_except(std::string_view order_id, int number) const;
  void forget_infusion(std::string_view order_id, int number);
  bool operator==(const OrderBook&) const = default;
};

// JSON with RapidJSON; each order embedded as its model document (model_json.h) in a string
// so that its decimals keep their exact text. decode returns nullopt and sets `error` for a
// document it cannot read.
std::string encode_order_book(const OrderBook& book);
std::optional<OrderBook> decode_order_book(std::string_view json, std::string* error);

}  // namespace titrate::dosing
