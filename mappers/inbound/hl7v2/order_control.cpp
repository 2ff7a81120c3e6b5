#include "mappers/inbound/hl7v2/order_control.h"

#include <array>
#include <utility>

namespace titrate::inbound {
namespace {

using model::OrderAction;
using model::OrderStatus;

constexpr std::array<std::pair<std::string_view, OrderControl>, 17> kControls = {{
    {"NW", {OrderAction::kNew, OrderStatus::kActive}},
    {"CA", {OrderAction::kCancel, OrderStatus::kCancelled}},
    {"DC", {OrderAction::kDiscontinue, OrderStatus::kStopped}},
    {"XO", {OrderAction::kChange, OrderStatus::kActive}},
    {"HD", {OrderAction::kHold, OrderStatus::kOnHold}},
    {"RL", {OrderAction::kRelease, OrderStatus::kActive}},
    {"OK", {OrderAction::kStatusUpdate, OrderStatus::kActive}},
    {"SC", {OrderAction::kStatusUpdate, OrderStatus::kActive}},
    {"OR", {OrderAction::kStatusUpdate, OrderStatus::kActive}},
    {"CR", {OrderAction::kStatusUpdate, OrderStatus::kCancelled}},
    {"OC", {OrderAction::kStatusUpdate, OrderStatus::kCancelled}},
    {"DR", {OrderAction::kStatusUpdate, OrderStatus::kStopped}},
    {"OD", {OrderAction::kStatusUpdate, OrderStatus::kStopped}},
    {"HR", {OrderAction::kStatusUpdate, OrderStatus::kOnHold}},
    {"OH", {OrderAction::kStatusUpdate, OrderStatus::kOnHold}},
    {"XR", {OrderAction::kStatusUpdate, OrderStatus::kActive}},
    {"XX", {OrderAction::kStatusUpdate, OrderStatus::kActive}},
}};

// The rest of table 0119 (v2.5.1-v2.9): known codes with no lifecycle meaning here.
constexpr std::array<std::string_view, 34> kOtherCodes = {
    "AF", "CH", "CN", "DE", "DF", "FU", "LI", "MC", "NA", "OE", "OF", "OP",
    "PA", "PR", "PY", "RE", "RF", "RO", "RP", "RQ", "RR", "RU", "SN", "SR",
    "SS", "UA", "UC", "UD", "UF", "UH", "UM", "UN", "UR", "UX",
};

constexpr std::array<std::pair<std::string_view, OrderStatus>, 8> kStatuses = {{
    {"CM", OrderStatus::kCompleted},
    {"ER", OrderStatus::kEnteredInError},
    {"A", OrderStatus::kActive},
    {"IP", OrderStatus::kActive},
    {"SC", OrderStatus::kActive},
    {"HD", OrderStatus::kOnHold},
    {"CA", OrderStatus::kCancelled},
    {"DC", OrderStatus::kStopped},
}};

}  // namespace

std::optional<OrderControl> order_control(std::string_view orc1) {
  for (const auto& [code, control] : kControls) {
    if (code == orc1) return control;
  }
  for (std::string_view code : kOtherCodes) {
    if (code == orc1) return OrderControl{OrderAction::kStatusUpdate, OrderStatus::kUnknown};
  }
  return std::nullopt;
}

std::optional<model::OrderStatus> order_status(std::string_view orc5) {
  for (const auto& [code, status] : kStatuses) {
    if (code == orc5) return status;
  }
  return std::nullopt;
}

}  // namespace titrate::inbound
