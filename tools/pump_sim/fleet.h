#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "tools/pump_sim/fleet_output.h"
#include "tools/pump_sim/pump.h"
#include "tools/pump_sim/scenario.h"
#include "tools/pump_sim/vitals.h"

// The simulated fleet: pumps P1..PN (bed i: PV1-3 INF^CHAIR<i>^1) and one bedside monitor per
// bed. Answers PCD-03 programs and moves every device forward in simulated time, in time order.
// Not thread-safe: the caller serialises on_program() and advance().
namespace titrate::pump_sim {

struct FleetOptions {
  int pumps = 4;
  ScenarioChoice scenario;
  double reject_rate = 0;  // share of programs answered RRG^O16 AR 9024
  uint64_t seed = 1;
  std::string control_prefix = "PS";  // MSH-10 prefix: make it unique per run
  PumpTiming timing;
  int64_t vitals_every_us = kMinuteUs;
};

class Fleet {
 public:
  Fleet(FleetOptions options, FleetOutput& out);
  ~Fleet();

  // Each pump's first PCD-01 (no patient), so the gateway learns where the pumps are.
  void start(int64_t now);
  // An MLLP frame from the gateway: returns the ACK^O15 for that connection; the RRG^O16
  // application answer goes to the gateway through the output. A program whose ORC-2 was seen
  // before is answered again the same way, without a second infusion.
  std::string on_program(std::string_view frame, int64_t now);
  // Everything due up to `now`, device by device in time order.
  void advance(int64_t now);
  std::optional<int64_t> next_due() const;

  int pump_count() const { return static_cast<int>(pumps_.size()); }
  const Pump& pump(int number) const { return *pumps_.at(static_cast<size_t>(number - 1)); }

 private:
  struct Monitor;
  struct Answer {
    bool accepted = false;
    ProgramError error;
    Program program;
  };
  Pump* pump_for(std::string_view device);
  std::optional<int64_t> monitor_due(const Monitor& m) const;
  void monitor_step(Monitor& m, int64_t t);

  FleetOptions options_;
  FleetOutput& out_;
  ControlIds ids_;
  StepContext ctx_;
  std::mt19937_64 rng_;
  std::vector<std::unique_ptr<Pump>> pumps_;
  std::vector<std::unique_ptr<Monitor>> monitors_;
  std::vector<std::pair<std::string, Answer>> answers_;  // by program id (ORC-2)
  int64_t now_ = 0;
};

}  // namespace titrate::pump_sim
