#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gateway/model/administration.h"
#include "gateway/model/pump_event.h"
#include "pump-control/session.h"

// The session state machine: one pump event applied to one session. Pure; see README.md for
// the transition table.
namespace titrate::pump_control {

struct StepResult {
  bool duplicate = false;  // same device + time + event + control id seen before: nothing done
  bool stale = false;      // older than the latest applied event: only the volume may grow
  std::optional<model::AdministrationAction> action;  // the administration event to publish
};

StepResult apply_event(Session& session, const model::PumpEvent& event, int64_t event_us);

// Ends an active session from outside the pump's events (order discontinued or cancelled).
void end_session(Session& session, model::SessionState next, int64_t at_us);

// The fingerprint duplicates are recognised by.
std::string event_fingerprint(const model::PumpEvent& event);

// Event and status classification shared with the module.
bool is_occlusion(const model::PumpEvent& event);
bool reports_paused(const model::PumpEvent& event);    // PCD-01 status: not delivering
bool reports_infusing(const model::PumpEvent& event);  // PCD-01 status: delivering

}  // namespace titrate::pump_control
