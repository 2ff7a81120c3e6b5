#include "pump-control/session_machine.h"

#include <algorithm>

#include "gateway/model/decimal_math.h"
#include "gateway/model/model_json.h"
#include "gateway/model/units.h"

namespace titrate::pump_control {
namespace {

using model::AdministrationAction;
using model::PumpEventKind;
using model::SessionState;

constexpr size_t kSeenCapacity = 32;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

bool event_named(const model::PumpEvent& e, std::string_view refid_part) {
  return contains(e.event_code.display, refid_part) || contains(e.event_code.code, refid_part);
}

// "pump-status-paused" and the older "paused" are the same state.
std::string_view infusing_state(const model::PumpEvent& e) {
  std::string_view s = e.infusing_status;
  if (s.starts_with("pump-status-")) s.remove_prefix(12);
  return s;
}

std::optional<model::Quantity> in_unit(const std::optional<model::Quantity>& q,
                                       std::string_view unit) {
  if (!q) return std::nullopt;
  if (q->unit == unit) return q;
  return units::convert(*q, unit);
}

void enter_running(Session& s, int64_t us, const model::PumpEvent& e) {
  s.state = SessionState::kRunning;
  s.running_since_us = us;
  s.transitioning = false;
  s.paused_by_clinician = false;
  if (s.started.empty()) s.started = e.time;
}

void leave_running(Session& s, SessionState next, int64_t us) {
  if (s.state == SessionState::kRunning && s.running_since_us != 0 && us > s.running_since_us) {
    s.running_us += us - s.running_since_us;
  }
  s.running_since_us = 0;
  s.state = next;
}

bool rate_changed(const std::optional<model::Quantity>& before,
                  const std::optional<model::Quantity>& now) {
  if (!before || !now) return false;
  return decimal::compare(before->value, now->value) != 0;
}

}  // namespace

void end_session(Session& session, model::SessionState next, int64_t at_us) {
  leave_running(session, next, at_us);
}

std::string event_fingerprint(const model::PumpEvent& e) {
  std::string fp = e.device;
  fp += '|';
  fp += e.channel;
  fp += '|';
  fp += e.time.value;
  fp += '|';
  fp += model::json_name(e.kind);
  fp += '|';
  fp += e.event_code.code;
  fp += '|';
  fp += e.control_id;
  return fp;
}

bool is_occlusion(const model::PumpEvent& e) {
  return e.event_code.code == "196940" || event_named(e, "OCCL");
}

bool reports_paused(const model::PumpEvent& e) {
  const std::string_view s = infusing_state(e);
  return s == "paused" || s == "standby" || s == "not-infusing" ||
         e.delivery_status == "pump-delivery-status-not-delivering";
}

bool reports_infusing(const model::PumpEvent& e) {
  return infusing_state(e) == "infusing" || e.delivery_status == "pump-delivery-status-delivering";
}

StepResult apply_event(Session& s, const model::PumpEvent& e, int64_t us) {
  StepResult result;
  const std::string fp = event_fingerprint(e);
  if (std::find(s.seen.begin(), s.seen.end(), fp) != s.seen.end()) {
    result.duplicate = true;
    return result;
  }
  s.seen.push_back(fp);
  if (s.seen.size() > kSeenCapacity) s.seen.erase(s.seen.begin());

  if (const auto volume = in_unit(e.volume_infused, "mL")) {
    if (decimal::compare(volume->value, s.volume_ml) > 0) s.volume_ml = volume->value;
  }
  if (us < s.last_us) {
    result.stale = true;
    return result;
  }
  s.last_us = us;
  s.last_time = e.time;
  if (s.channel.empty()) s.channel = e.channel;
  const std::optional<model::Quantity> previous_rate = s.rate;
  if (const auto rate = in_unit(e.rate, "mL/h")) s.rate = rate;
  if (e.dose_rate) s.dose_rate = e.dose_rate;

  const SessionState state = s.state;
  const bool active = !is_terminal(state);
  switch (e.kind) {
    case PumpEventKind::kDeliveryStart:
      if (state == SessionState::kProgrammed) {
        enter_running(s, us, e);
        result.action = AdministrationAction::kStart;
      } else if (state == SessionState::kPaused) {
        enter_running(s, us, e);
        result.action = AdministrationAction::kResume;
      } else if (state == SessionState::kRunning &&
                 (s.transitioning || rate_changed(previous_rate, s.rate))) {
        s.transitioning = false;
        result.action = AdministrationAction::kRateChange;
      }
      break;
    case PumpEventKind::kDeliveryStop:
      if (state == SessionState::kRunning) {
        if (e.delivery_status == "pump-delivery-status-transitioning") {
          s.transitioning = true;
        } else {
          leave_running(s, SessionState::kPaused, us);
          s.paused_by_clinician = e.not_delivering_reason == "pump-stopped-by-clinician";
          result.action = AdministrationAction::kPause;
        }
      }
      break;
    case PumpEventKind::kDeliveryComplete:
      if (active) {
        if (s.started.empty()) s.started = e.time;
        leave_running(s, SessionState::kCompleted, us);
        result.action = AdministrationAction::kComplete;
      }
      break;
    case PumpEventKind::kPumpStatus:
      if (state == SessionState::kRunning && reports_paused(e)) {
        leave_running(s, SessionState::kPaused, us);
        result.action = AdministrationAction::kPause;
      } else if (state == SessionState::kRunning && reports_infusing(e) &&
                 rate_changed(previous_rate, s.rate)) {
        result.action = AdministrationAction::kRateChange;
      } else if ((state == SessionState::kPaused || state == SessionState::kProgrammed) &&
                 reports_infusing(e)) {
        enter_running(s, us, e);
        result.action = state == SessionState::kPaused ? AdministrationAction::kResume
                                                       : AdministrationAction::kStart;
      }
      break;
    case PumpEventKind::kAlarm:
      if (state == SessionState::kRunning && is_occlusion(e)) {
        leave_running(s, SessionState::kPaused, us);
        result.action = AdministrationAction::kPause;
      }
      break;
    case PumpEventKind::kOther:
      if (active && event_named(e, "PROG_CLEARED")) {
        // The clinician ending a pause they made is a stop; any other clearing an abort.
        const bool clinician_stop = state == SessionState::kPaused && s.paused_by_clinician;
        if (state == SessionState::kProgrammed) {
          leave_running(s, SessionState::kAborted, us);
        } else {
          leave_running(s, clinician_stop ? SessionState::kStopped : SessionState::kAborted, us);
          result.action =
              clinician_stop ? AdministrationAction::kStop : AdministrationAction::kAbort;
        }
      } else if (active &&
                 (event_named(e, "PATIENT_CHANGE") || event_named(e, "PATIENT_ID_CHANGE"))) {
        const bool started = state != SessionState::kProgrammed;
        leave_running(s, SessionState::kAborted, us);
        if (started) result.action = AdministrationAction::kAbort;
      }
      break;
    case PumpEventKind::kVitals:
    case PumpEventKind::kProgramAccepted:
    case PumpEventKind::kProgramRejected:
      break;
  }
  return result;
}

}  // namespace titrate::pump_control
