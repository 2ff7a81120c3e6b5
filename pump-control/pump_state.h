#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/bus/bus.h"
#include "gateway/model/dosing_plan.h"
#include "pump-control/session.h"

// Pump control's state, kept through the bus HandlerContext (one JSON document per space and
// key, written together with the commit of the event being handled).
//
//   pump-control.plan              plan_id        the plan, where it was bound, what the pump said
//   pump-control.program           program/control id  -> plan_id (PCD-03 answers name either)
//   pump-control.order             placer "sys|value"  -> plan_ids (order-status events name it)
//   pump-control.session           session_id     the session
//   pump-control.device            device id      channel -> active session; the programmed one
//   pump-control.device-location   device id      where a pump was last seen (PCD-01/PCD-10), kind
//   pump-control.location-devices  location key   the pumps learned there (binding looks them up)
//   pump-control.patient           patient key    active sessions; vital-sign rules in breach
//   pump-control.waiting-plans     location key   plans with no pump yet, under every prefix of
//                                                 their location (a pump learned there binds them)
//
// A learned pump has a small document of its own and an entry in the index of its location, so
// a pump event reads one small document (and writes only when the pump moved), and binding
// reads the index entries of the plan location's prefixes rather than every learned pump.
namespace titrate::pump_control {

enum class ProgramStatus { kPending, kProgrammed, kRejected, kUnreachable, kNoPump, kCancelled };

struct PlanRecord {
  model::DosingPlan plan;
  ProgramStatus status = ProgramStatus::kPending;
  std::string device, program_id, control_id, session_id;
};

struct DeviceRecord {
  std::map<std::string, std::string> channels;  // channel -> active session id
  std::string programmed;  // session programmed on this device and not started yet
};

struct LearnedDevice {
  std::string id, location, device_kind;
};

struct PatientRecord {
  std::vector<std::string> sessions;        // active sessions of the patient
  std::vector<std::string> vital_breaches;  // names of the vital-sign rules currently breached
};

class PumpState {
 public:
  explicit PumpState(bus::HandlerContext& context) : context_(context) {}

  std::optional<PlanRecord> plan(std::string_view plan_id);
  void put(const PlanRecord& record);

  std::optional<std::string> plan_of_program(std::string_view program_or_control_id);
  void bind_program(std::string_view program_or_control_id, std::string_view plan_id);

  std::vector<std::string> plans_of_order(std::string_view placer_key);
  void add_plan_to_order(std::string_view placer_key, std::string_view plan_id);

  std::optional<Session> session(std::string_view session_id);
  void put(const Session& session);

  DeviceRecord device(std::string_view device_id);
  void put_device(std::string_view device_id, const DeviceRecord& record);

  std::optional<LearnedDevice> learned_device(std::string_view device_id);
  // The ids of the devices learned at `key` (a location_key), in id order.
  std::vector<std::string> devices_at(std::string_view key);
  // Records where a device was seen (an empty kind keeps the one known). Writes nothing when
  // that is already known; the location index only when the location key changed.
  void learn(const LearnedDevice& seen);

  // Plans that found no pump, by location key (each plan under every whole-component prefix
  // of its location, so a pump learned at any key that would fit finds it).
  std::vector<std::string> plans_waiting_at(std::string_view key);
  void wait_for_pump(const model::DosingPlan& plan);
  void stop_waiting(const model::DosingPlan& plan);

  PatientRecord patient(std::string_view patient_key);
  void put_patient(std::string_view patient_key, const PatientRecord& record);

 private:
  bus::HandlerContext& context_;
};

std::string_view status_name(ProgramStatus status);

// A location as a binding key: without trailing empty components ("3W^1^" -> "3W^1").
std::string_view location_key(std::string_view location);

// JSON of a session (exposed for tests and tools).
std::string session_to_json(const Session& session);
std::optional<Session> session_from_json(std::string_view json);

}  // namespace titrate::pump_control
