#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gateway/model/dosing_plan.h"
#include "gateway/model/mapped_message.h"
#include "tools/pump_sim/fleet.h"
#include "tools/pump_sim/fleet_output.h"

// Drives the simulator core without sockets: a recording output, programs written by the
// gateway's own PCD-03 builder, and every message read back with the gateway's PCD mappers.
namespace titrate::pump_sim::test {

inline constexpr int64_t kT0 = 1'795'000'000'000'000;  // a fixed simulated start (UTC, us)

struct Recorder final : FleetOutput {
  std::vector<std::string> messages;
  std::vector<std::string> lines;
  std::vector<size_t> drops;  // messages.size() when the connection was dropped
  void send(std::string message) override { messages.push_back(std::move(message)); }
  void drop_connection() override { drops.push_back(messages.size()); }
  void line(std::string text) override { lines.push_back(std::move(text)); }
};

// 0.5 mg/kg over 40 min, 80 kg, 500 mg / 500 mL: 40 mg, 40 mL at 60 mL/h, at bed 1.
model::DosingPlan depression_plan();
// The RGV^O15 the gateway sends for `plan` to `device`.
std::string rgv_for(const model::DosingPlan& plan, const std::string& program_id,
                    const std::string& device = "00A1B2C3D4E5F601");

// A message as the gateway reads it: parsed (no error) and mapped by mappers/inbound/pcd.
struct Read {
  std::string message_type;
  model::MappedMessage mapped;
};
Read read_back(const std::string& message);
std::vector<model::PumpEvent> pump_events(const std::vector<std::string>& messages);

}  // namespace titrate::pump_sim::test
