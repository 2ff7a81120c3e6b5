#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/model/dosing_plan.h"
#include "pump-control/pump_control_config.h"
#include "pump-control/pump_state.h"

// Which pump a plan is programmed into.
namespace titrate::pump_control {

// How well a pump's binding key fits a plan location: the number of components of the key
// when it equals the location or is a whole-component prefix of it ("INFUSION^CHAIR3" fits
// "INFUSION^CHAIR3^1" with 2; "INFUSION^CHAIR" does not fit), else 0. Trailing empty
// components are ignored on both sides; an empty key or location never fits.
int location_fit(std::string_view binding_key, std::string_view location);

// The pump for `plan`:
//  1. plan.device, when it is registered or learned;
//  2. else the registered or learned pump whose binding key fits plan.location best (the
//     longest key), preferring one that is not `busy` (has an active session), then a
//     registered pump over a learned one, then the smaller id. A learned device that is also
//     registered is matched by its registered location only.
// nullopt when none fits. Learned devices are looked up in `state`'s location index, once per
// whole-component prefix of plan.location.
std::optional<std::string> bind_pump(const model::DosingPlan& plan,
                                     const std::vector<RegisteredPump>& registry, PumpState& state,
                                     const std::function<bool(const std::string&)>& busy);

}  // namespace titrate::pump_control
