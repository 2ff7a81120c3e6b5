#include <array>
#include <utility>

#include "gateway/model/model_json.h"

namespace titrate::model {
namespace {

using Event = PatientContext::Event;
constexpr std::array<std::pair<Event, std::string_view>, 5> kEvents{{
    {Event::kRegister, "register"},
    {Event::kAdmit, "admit"},
    {Event::kUpdate, "update"},
    {Event::kDischarge, "discharge"},
    {Event::kOrderContext, "order-context"},
}};

constexpr std::array<std::pair<OrderAction, std::string_view>, 7> kActions{{
    {OrderAction::kNew, "new"},
    {OrderAction::kCancel, "cancel"},
    {OrderAction::kDiscontinue, "discontinue"},
    {OrderAction::kChange, "change"},
    {OrderAction::kHold, "hold"},
    {OrderAction::kRelease, "release"},
    {OrderAction::kStatusUpdate, "status-update"},
}};

constexpr std::array<std::pair<OrderStatus, std::string_view>, 7> kStatuses{{
    {OrderStatus::kActive, "active"},
    {OrderStatus::kOnHold, "on-hold"},
    {OrderStatus::kCancelled, "cancelled"},
    {OrderStatus::kCompleted, "completed"},
    {OrderStatus::kStopped, "stopped"},
    {OrderStatus::kEnteredInError, "entered-in-error"},
    {OrderStatus::kUnknown, "unknown"},
}};

using Kind = BodyMeasurement::Kind;
constexpr std::array<std::pair<Kind, std::string_view>, 2> kKinds{{
    {Kind::kWeight, "weight"},
    {Kind::kHeight, "height"},
}};

using Severity = MappingIssue::Severity;
constexpr std::array<std::pair<Severity, std::string_view>, 3> kSeverities{{
    {Severity::kInformation, "information"},
    {Severity::kWarning, "warning"},
    {Severity::kError, "error"},
}};

constexpr std::array<std::pair<OrderState, std::string_view>, 9> kOrderStates{{
    {OrderState::kAccepted, "accepted"},
    {OrderState::kHeld, "held"},
    {OrderState::kRejected, "rejected"},
    {OrderState::kCancelled, "cancelled"},
    {OrderState::kDiscontinued, "discontinued"},
    {OrderState::kOnHold, "on-hold"},
    {OrderState::kProgrammed, "programmed"},
    {OrderState::kProgramRejected, "program-rejected"},
    {OrderState::kCompleted, "completed"},
}};

constexpr std::array<std::pair<PumpEventKind, std::string_view>, 9> kPumpEventKinds{{
    {PumpEventKind::kDeliveryStart, "delivery-start"},
    {PumpEventKind::kDeliveryStop, "delivery-stop"},
    {PumpEventKind::kDeliveryComplete, "delivery-complete"},
    {PumpEventKind::kPumpStatus, "pump-status"},
    {PumpEventKind::kVitals, "vitals"},
    {PumpEventKind::kAlarm, "alarm"},
    {PumpEventKind::kProgramAccepted, "program-accepted"},
    {PumpEventKind::kProgramRejected, "program-rejected"},
    {PumpEventKind::kOther, "other"},
}};

constexpr std::array<std::pair<AdministrationAction, std::string_view>, 7> kAdministrationActions{{
    {AdministrationAction::kStart, "start"},
    {AdministrationAction::kRateChange, "rate-change"},
    {AdministrationAction::kPause, "pause"},
    {AdministrationAction::kResume, "resume"},
    {AdministrationAction::kComplete, "complete"},
    {AdministrationAction::kStop, "stop"},
    {AdministrationAction::kAbort, "abort"},
}};

constexpr std::array<std::pair<SessionState, std::string_view>, 6> kSessionStates{{
    {SessionState::kProgrammed, "programmed"},
    {SessionState::kRunning, "running"},
    {SessionState::kPaused, "paused"},
    {SessionState::kCompleted, "completed"},
    {SessionState::kStopped, "stopped"},
    {SessionState::kAborted, "aborted"},
}};

constexpr std::array<std::pair<AlertAction, std::string_view>, 2> kAlertActions{{
    {AlertAction::kNotify, "notify"},
    {AlertAction::kPause, "pause"},
}};

template <class Table, class E>
std::string_view name_of(const Table& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return {};
}

template <class Table, class E>
bool value_of(const Table& table, std::string_view name, E& value) {
  for (const auto& [e, n] : table) {
    if (n == name) {
      value = e;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view json_name(Event value) {
  return name_of(kEvents, value);
}
std::string_view json_name(OrderAction value) {
  return name_of(kActions, value);
}
std::string_view json_name(OrderStatus value) {
  return name_of(kStatuses, value);
}
std::string_view json_name(Kind value) {
  return name_of(kKinds, value);
}
std::string_view json_name(Severity value) {
  return name_of(kSeverities, value);
}

bool from_json_name(std::string_view name, Event& value) {
  return value_of(kEvents, name, value);
}
bool from_json_name(std::string_view name, OrderAction& value) {
  return value_of(kActions, name, value);
}
bool from_json_name(std::string_view name, OrderStatus& value) {
  return value_of(kStatuses, name, value);
}
bool from_json_name(std::string_view name, Kind& value) {
  return value_of(kKinds, name, value);
}
bool from_json_name(std::string_view name, Severity& value) {
  return value_of(kSeverities, name, value);
}

std::string_view json_name(OrderState value) {
  return name_of(kOrderStates, value);
}
bool from_json_name(std::string_view name, OrderState& value) {
  return value_of(kOrderStates, name, value);
}
std::string_view json_name(PumpEventKind value) {
  return name_of(kPumpEventKinds, value);
}
bool from_json_name(std::string_view name, PumpEventKind& value) {
  return value_of(kPumpEventKinds, name, value);
}
std::string_view json_name(AdministrationAction value) {
  return name_of(kAdministrationActions, value);
}
bool from_json_name(std::string_view name, AdministrationAction& value) {
  return value_of(kAdministrationActions, name, value);
}
std::string_view json_name(SessionState value) {
  return name_of(kSessionStates, value);
}
bool from_json_name(std::string_view name, SessionState& value) {
  return value_of(kSessionStates, name, value);
}
std::string_view json_name(AlertAction value) {
  return name_of(kAlertActions, value);
}
bool from_json_name(std::string_view name, AlertAction& value) {
  return value_of(kAlertActions, name, value);
}

}  // namespace titrate::model
