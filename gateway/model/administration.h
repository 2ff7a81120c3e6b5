#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gateway/model/values.h"

// What pump control reports: administrations (one infusion session, as it progresses),
// observations (vital signs and pump readings) and alerts.
namespace titrate::model {

enum class AdministrationAction { kStart, kRateChange, kPause, kResume, kComplete, kStop, kAbort };
enum class SessionState { kProgrammed, kRunning, kPaused, kCompleted, kStopped, kAborted };

struct AdministrationEvent {
  std::string session_id;  // one infusion session on one pump channel; stable
  int sequence = 0;        // increases with every event of the session
  AdministrationAction action = AdministrationAction::kStart;
  SessionState state = SessionState::kRunning;
  std::string plan_id;
  Identifier placer;
  Identifier patient_id;
  Identifier visit_number;
  std::string device;
  CodeableConcept medication;
  Ratio concentration;
  DateTime started, time;                  // session start; this event's time
  std::optional<Quantity> rate;            // mL/h now
  std::optional<Quantity> dose_rate;       // mg/h now
  Quantity volume_delivered;               // mL, cumulative for the session
  Quantity dose_delivered;                 // mg, cumulative (volume × concentration)
  std::optional<Quantity> planned_volume;  // VTBI of the plan
  std::optional<Quantity> planned_dose;    // mg of the plan
  std::vector<std::string> deviations;     // delivered-versus-planned notes
  int infusion_number = 0;                 // n of m in the order's series (0: not known)
  int series_total = 0;                    // m (0 when the order has no series)
  bool operator==(const AdministrationEvent&) const = default;
};

// A vital sign or pump reading as an observation event.
struct ObservationComponent {
  CodeableConcept code;  // LOINC first, MDC second
  Quantity value;
  bool operator==(const ObservationComponent&) const = default;
};

struct ObservationEvent {
  std::string observation_id;  // stable
  std::string category;        // vital-signs, device (pump readings)
  CodeableConcept code;        // LOINC first, MDC second
  std::optional<Quantity> value;
  std::vector<ObservationComponent> components;  // blood pressure panel: systolic, diastolic
  Identifier patient_id;
  std::string device;
  std::string session_id;  // the infusion running at the time, when there is one
  DateTime time;
  std::string source_event_id;  // derivedFrom
  bool operator==(const ObservationEvent&) const = default;
};

enum class AlertAction { kNotify, kPause };

struct Alert {
  std::string alert_id;  // stable
  std::string code;      // rate-mismatch, volume-beyond-vtbi, duration-beyond-plan,
                         // start-without-plan, vital-sign, pump-alarm, program-failed
  std::string severity;  // high, medium, low
  AlertAction action = AlertAction::kNotify;
  std::string message;  // never patient data
  std::string rule;     // the config entry that fired ("/vitals/systolic_high")
  std::optional<Quantity> observed;
  std::optional<Quantity> threshold;
  Identifier patient_id;
  std::string device;
  std::string session_id;
  std::string plan_id;
  DateTime time;
  bool operator==(const Alert&) const = default;
};

}  // namespace titrate::model
