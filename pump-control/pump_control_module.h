#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "gateway/bus/bus.h"
#include "pump-control/pump_control_config.h"
#include "pump-control/pump_programmer.h"

// The pump-control module: binds dosing plans to pumps and programs them (PCD-03), follows
// each infusion session from pump events (PCD-10, PCD-01, PCD-04), compares delivered with
// planned, watches vital signs, and publishes administrations, observations, alerts and
// order status. Behaviour and state transitions: pump-control/README.md.
namespace titrate::pump_control {

using Clock = std::function<int64_t()>;  // microseconds since the Unix epoch

inline constexpr std::string_view kConsumerGroup = "titrate-pump-control";

class PumpControlModule {
 public:
  PumpControlModule(PumpControlConfig config, PumpProgrammer& programmer, Clock clock);

  // Group "titrate-pump-control" on topics.plans, topics.pump_events, topics.order_status.
  bus::Subscription subscription(const bus::Topics& topics);

  // The handler: "dosing-plan", "pump-event" and "order-status" events; others are ignored.
  void handle(const bus::Event& event, bus::HandlerContext& context);

 private:
  class Call;
  PumpControlConfig config_;
  PumpProgrammer& programmer_;
  Clock clock_;
  bus::Topics topics_;
};

// The PCD-03 ids of a plan: stable, at most 20 characters (HL7 EI-1 / MSH-10 friendly).
std::string program_id_for(std::string_view plan_id);  // "TP" + 16 hex digits
std::string control_id_for(std::string_view plan_id);  // "TC" + 16 hex digits

}  // namespace titrate::pump_control
