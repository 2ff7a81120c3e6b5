#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tools/pump_sim/fleet_output.h"
#include "tools/pump_sim/pcd_writer.h"
#include "tools/pump_sim/program.h"
#include "tools/pump_sim/scenario.h"

// One simulated large-volume pump: idle -> programmed (RGV^O15 accepted) -> running (PCD-10
// DELIV_START, PCD-01 status every few minutes) -> completed (DELIV_COMP at the VTBI), or the
// scenario's path (occlusion, pause and resume, disconnect and reconnect). Times are simulated
// microseconds; the pump does one thing per step() so a fleet can interleave its devices in
// time order.
namespace titrate::pump_sim {

inline constexpr int64_t kSecondUs = 1'000'000;
inline constexpr int64_t kMinuteUs = 60 * kSecondUs;

struct PumpTiming {
  int64_t confirm_delay_us = 30 * kSecondUs;  // program accepted -> the clinician starts it
  int64_t status_every_us = 5 * kMinuteUs;    // PCD-01 while an infusion is on the pump
  int64_t pause_for_us = 5 * kMinuteUs;       // pause-resume
  int64_t offline_for_us = 5 * kMinuteUs;     // disconnect
  int64_t patient_stays_us = 10 * kMinuteUs;  // on the chair after the infusion ends
};

// Issues MSH-10 control ids unique to one simulator run: prefix + a 6-digit counter.
class ControlIds {
 public:
  explicit ControlIds(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string next();

 private:
  std::string prefix_;
  uint64_t counter_ = 0;
};

struct StepContext {
  FleetOutput& out;
  ControlIds& ids;
};

class Pump {
 public:
  enum class State { kIdle, kProgrammed, kRunning, kPaused, kAlarmed, kDone };

  Pump(int number, Scenario scenario, PumpTiming timing = {});

  int number() const { return number_; }
  const Device& device() const { return device_; }
  Scenario scenario() const { return scenario_; }
  State state() const { return state_; }
  // Programmed, running, paused or alarming: not free for another program.
  bool busy() const;
  bool offline() const { return offline_; }
  double volume_ml() const { return volume_ml_; }

  // The PCD-01 an idle pump sends at start so the gateway learns where it is.
  void announce(int64_t now, StepContext& ctx);
  // An accepted program: the patient is on the chair, the start is due after the confirmation.
  void load(Program program, int64_t now, StepContext& ctx);

  // The time of the next thing this pump does; nullopt when nothing is due.
  std::optional<int64_t> next_due() const;
  // Does the thing due at next_due().
  void step(StepContext& ctx);

  // The patient on the chair (between program and leaving), for the bedside monitor.
  const Program* patient_program() const;
  // Simulated time since the infusion started over its planned duration; kNoInfusion when
  // none has started.
  double phase(int64_t t) const;

 private:
  struct Due {
    int64_t at;
    enum class What { kStart, kComplete, kTrigger, kStatus, kResume, kReconnect, kLeave } what;
  };
  std::optional<Due> next() const;
  void infuse_until(int64_t t);
  int64_t time_to_volume(double target_ml) const;  // running: when the volume reaches it
  InfusionSnapshot snapshot() const;
  Envelope envelope(int64_t t, StepContext& ctx) const;
  void emit(std::string message, StepContext& ctx);
  void fire_scenario(int64_t t, StepContext& ctx);
  void complete(int64_t t, StepContext& ctx);
  void report_status(int64_t t, StepContext& ctx);

  int number_;
  Scenario scenario_;
  PumpTiming timing_;
  Device device_;
  State state_ = State::kIdle;
  std::optional<Program> program_;
  double volume_ml_ = 0;
  int64_t volume_at_us_ = 0;
  int64_t start_due_us_ = 0, started_us_ = 0;
  int64_t next_status_us_ = 0, resume_due_us_ = 0, reconnect_due_us_ = 0, leave_due_us_ = 0;
  bool scenario_fired_ = false;
  bool offline_ = false;
  std::vector<std::string> buffered_;  // PCD-10 events while offline, sent on reconnect
};

// "40" for 40.0, "33.3" otherwise: mL and mL/h in event lines.
std::string compact_number(double value);

}  // namespace titrate::pump_sim
