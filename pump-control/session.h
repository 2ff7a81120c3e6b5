#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gateway/model/administration.h"
#include "gateway/model/values.h"

// One infusion session on one pump channel, as pump control tracks it between events.
namespace titrate::pump_control {

struct Session {
  std::string session_id;  // stable: derived from the program id, or device+channel+start time
  std::string plan_id;     // empty: started without a plan
  std::string program_id;
  std::string device;
  std::string channel;  // empty until the first event that names it
  model::Identifier patient_id;
  model::SessionState state = model::SessionState::kProgrammed;
  model::DateTime started;  // first DELIV_START (or first running report)
  model::DateTime last_time;
  int64_t last_us = 0;  // time of the latest event applied; older ones cannot move the state
  int64_t running_since_us = 0;              // while running: since when; else 0
  int64_t running_us = 0;                    // time spent running before running_since_us
  int sequence = 0;                          // of the last administration event published
  model::Decimal volume_ml;                  // cumulative: the largest volume reported
  std::optional<model::Quantity> rate;       // mL/h, last reported
  std::optional<model::Quantity> dose_rate;  // as last reported
  bool transitioning = false;        // the last stop was "transitioning": a start is a rate change
  bool paused_by_clinician = false;  // the pause was pump-stopped-by-clinician
  std::vector<std::string> alerts;   // alert codes raised for this session (each once)
  std::vector<std::string> deviations;  // delivered-versus-planned notes, in order
  std::vector<std::string> seen;        // fingerprints of recent events (duplicates ignored)
  bool operator==(const Session&) const = default;
};

bool is_terminal(model::SessionState state);
// Time spent running up to `at_us` (the running stretch in progress included).
int64_t running_time_us(const Session& session, int64_t at_us);

}  // namespace titrate::pump_control
