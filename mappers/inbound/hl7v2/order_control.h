#pragma once

#include <optional>
#include <string_view>

#include "gateway/model/infusion_order.h"

// HL7 table 0119 (ORC-1 order control) and table 0038 (ORC-5 order status) -> the model's
// action and MedicationRequest-style status (domain reference §2.4).
namespace titrate::inbound {

struct OrderControl {
  model::OrderAction action = model::OrderAction::kNew;
  model::OrderStatus status = model::OrderStatus::kUnknown;
};

// NW new/active, CA cancel/cancelled, DC discontinue/stopped, XO change/active, HD hold/on-hold,
// RL release/active. Status updates: OK, SC, OR -> active; CR, OC -> cancelled; DR, OD ->
// stopped; HR, OH -> on-hold; every other table 0119 code -> unknown status. nullopt for a
// code that is not in table 0119.
std::optional<OrderControl> order_control(std::string_view orc1);

// ORC-5, which overrides the status from ORC-1: CM completed, ER entered-in-error, A/IP/SC
// active, HD on-hold, CA cancelled, DC stopped. nullopt for anything else.
std::optional<model::OrderStatus> order_status(std::string_view orc5);

}  // namespace titrate::inbound
