#include "pump-control/pump_state.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "gateway/model/model_json.h"

namespace titrate::pump_control {
namespace {

constexpr std::string_view kPlanSpace = "pump-control.plan";
constexpr std::string_view kProgramSpace = "pump-control.program";
constexpr std::string_view kOrderSpace = "pump-control.order";
constexpr std::string_view kSessionSpace = "pump-control.session";
constexpr std::string_view kDeviceSpace = "pump-control.device";
constexpr std::string_view kDeviceLocationSpace = "pump-control.device-location";
constexpr std::string_view kLocationDevicesSpace = "pump-control.location-devices";
constexpr std::string_view kPatientSpace = "pump-control.patient";
constexpr std::string_view kWaitingSpace = "pump-control.waiting-plans";

constexpr std::array<std::pair<ProgramStatus, std::string_view>, 6> kStatuses{{
    {ProgramStatus::kPending, "pending"},
    {ProgramStatus::kProgrammed, "programmed"},
    {ProgramStatus::kRejected, "rejected"},
    {ProgramStatus::kUnreachable, "unreachable"},
    {ProgramStatus::kNoPump, "no-pump"},
    {ProgramStatus::kCancelled, "cancelled"},
}};

class Out {
 public:
  Out() : w_(buffer_) { w_.StartObject(); }
  Out& key(std::string_view k) {
    w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    return *this;
  }
  void str(std::string_view k, std::string_view v) {
    key(k);
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  void integer(std::string_view k, int64_t v) {
    key(k);
    w_.Int64(v);
  }
  void boolean(std::string_view k, bool v) {
    key(k);
    w_.Bool(v);
  }
  void strings(std::string_view k, const std::vector<std::string>& values) {
    key(k);
    w_.StartArray();
    for (const std::string& v : values)
      w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    w_.EndArray();
  }
  // A document already in JSON form (a model object from the model codec).
  void raw(std::string_view k, const std::string& json) {
    key(k);
    w_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  void string_map(std::string_view k, const std::map<std::string, std::string>& values) {
    key(k);
    w_.StartObject();
    for (const auto& [name, value] : values) {
      w_.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      w_.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    }
    w_.EndObject();
  }
  void quantity(std::string_view k, const std::optional<model::Quantity>& q) {
    if (!q) return;
    key(k);
    w_.StartObject();
    w_.Key("value");
    const std::string v = q->value.to_string();
    w_.String(v.c_str());
    w_.Key("unit");
    w_.String(q->unit.c_str());
    w_.EndObject();
  }
  std::string done() {
    w_.EndObject();
    return std::string(buffer_.GetString(), buffer_.GetSize());
  }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

// Tolerant reads of our own documents: a missing or mistyped member reads as its default.
class In {
 public:
  explicit In(std::string_view json) {
    doc_.Parse(json.data(), json.size());
    ok_ = !doc_.HasParseError() && doc_.IsObject();
  }
  bool ok() const { return ok_; }
  const rapidjson::Value* get(const char* k) const {
    if (!ok_) return nullptr;
    auto it = doc_.FindMember(k);
    return it == doc_.MemberEnd() ? nullptr : &it->value;
  }
  std::string str(const char* k) const {
    const rapidjson::Value* v = get(k);
    return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
  }
  int64_t integer(const char* k) const {
    const rapidjson::Value* v = get(k);
    return v && v->IsInt64() ? v->GetInt64() : 0;
  }
  bool boolean(const char* k) const {
    const rapidjson::Value* v = get(k);
    return v && v->IsBool() && v->GetBool();
  }
  std::vector<std::string> strings(const char* k) const {
    std::vector<std::string> out;
    const rapidjson::Value* v = get(k);
    if (!v || !v->IsArray()) return out;
    for (const auto& e : v->GetArray()) {
      if (e.IsString()) out.emplace_back(e.GetString(), e.GetStringLength());
    }
    return out;
  }
  std::map<std::string, std::string> string_map(const char* k) const {
    std::map<std::string, std::string> out;
    const rapidjson::Value* v = get(k);
    if (!v || !v->IsObject()) return out;
    for (auto it = v->MemberBegin(); it != v->MemberEnd(); ++it) {
      if (it->value.IsString()) {
        out.emplace(std::string(it->name.GetString(), it->name.GetStringLength()),
                    std::string(it->value.GetString(), it->value.GetStringLength()));
      }
    }
    return out;
  }
  std::optional<model::Quantity> quantity(const char* k) const {
    const rapidjson::Value* v = get(k);
    if (!v || !v->IsObject() || !v->HasMember("value") || !(*v)["value"].IsString()) {
      return std::nullopt;
    }
    std::optional<model::Decimal> d = model::Decimal::parse((*v)["value"].GetString());
    if (!d) return std::nullopt;
    model::Quantity q{*d, {}};
    if (v->HasMember("unit") && (*v)["unit"].IsString()) q.unit = (*v)["unit"].GetString();
    return q;
  }
  // The text of an embedded object, for the model codec.
  std::string raw(const char* k) const {
    const rapidjson::Value* v = get(k);
    if (!v || !v->IsObject()) return {};
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    v->Accept(w);
    return std::string(buffer.GetString(), buffer.GetSize());
  }

 private:
  rapidjson::Document doc_;
  bool ok_ = false;
};

void write_identifier(Out& out, const model::Identifier& id) {
  out.str("patient_system", id.system);
  out.str("patient_value", id.value);
  out.str("patient_type", id.type);
  out.str("patient_assigner", id.assigner);
}

model::Identifier read_identifier(const In& in) {
  return model::Identifier{in.str("patient_system"), in.str("patient_value"),
                           in.str("patient_type"), in.str("patient_assigner")};
}

}  // namespace

std::string_view status_name(ProgramStatus status) {
  for (const auto& [value, name] : kStatuses) {
    if (value == status) return name;
  }
  return "pending";
}

std::string_view location_key(std::string_view location) {
  while (!location.empty() && location.back() == '^') location.remove_suffix(1);
  return location;
}

std::string session_to_json(const Session& s) {
  Out out;
  out.str("session_id", s.session_id);
  out.str("plan_id", s.plan_id);
  out.str("program_id", s.program_id);
  out.str("device", s.device);
  out.str("channel", s.channel);
  write_identifier(out, s.patient_id);
  out.str("state", model::json_name(s.state));
  out.str("started", s.started.value);
  out.str("last_time", s.last_time.value);
  out.integer("last_us", s.last_us);
  out.integer("running_since_us", s.running_since_us);
  out.integer("running_us", s.running_us);
  out.integer("sequence", s.sequence);
  out.str("volume_ml", s.volume_ml.to_string());
  out.quantity("rate", s.rate);
  out.quantity("dose_rate", s.dose_rate);
  out.boolean("transitioning", s.transitioning);
  out.boolean("paused_by_clinician", s.paused_by_clinician);
  out.strings("alerts", s.alerts);
  out.strings("deviations", s.deviations);
  out.strings("seen", s.seen);
  return out.done();
}

std::optional<Session> session_from_json(std::string_view json) {
  In in(json);
  if (!in.ok()) return std::nullopt;
  Session s;
  s.session_id = in.str("session_id");
  s.plan_id = in.str("plan_id");
  s.program_id = in.str("program_id");
  s.device = in.str("device");
  s.channel = in.str("channel");
  s.patient_id = read_identifier(in);
  if (!model::from_json_name(in.str("state"), s.state)) return std::nullopt;
  s.started.value = in.str("started");
  s.last_time.value = in.str("last_time");
  s.last_us = in.integer("last_us");
  s.running_since_us = in.integer("running_since_us");
  s.running_us = in.integer("running_us");
  s.sequence = static_cast<int>(in.integer("sequence"));
  s.volume_ml = model::Decimal::parse(in.str("volume_ml")).value_or(model::Decimal{});
  s.rate = in.quantity("rate");
  s.dose_rate = in.quantity("dose_rate");
  s.transitioning = in.boolean("transitioning");
  s.paused_by_clinician = in.boolean("paused_by_clinician");
  s.alerts = in.strings("alerts");
  s.deviations = in.strings("deviations");
  s.seen = in.strings("seen");
  return s;
}

std::optional<PlanRecord> PumpState::plan(std::string_view plan_id) {
  const std::optional<std::string> json = context_.get_state(kPlanSpace, plan_id);
  if (!json) return std::nullopt;
  In in(*json);
  model::ModelJsonError error;
  std::optional<model::DosingPlan> plan = model::dosing_plan_from_json(in.raw("plan"), &error);
  // Our own document: unreadable means a bug or a newer schema, not bad input.
  if (!plan) throw std::runtime_error("pump-control state: plan record: " + error.to_string());
  PlanRecord record;
  record.plan = std::move(*plan);
  for (const auto& [value, name] : kStatuses) {
    if (name == in.str("status")) record.status = value;
  }
  record.device = in.str("device");
  record.program_id = in.str("program_id");
  record.control_id = in.str("control_id");
  record.session_id = in.str("session_id");
  return record;
}

void PumpState::put(const PlanRecord& record) {
  Out out;
  out.raw("plan", model::to_json(record.plan));
  out.str("status", status_name(record.status));
  out.str("device", record.device);
  out.str("program_id", record.program_id);
  out.str("control_id", record.control_id);
  out.str("session_id", record.session_id);
  context_.put_state(kPlanSpace, record.plan.plan_id, out.done());
}

std::optional<std::string> PumpState::plan_of_program(std::string_view id) {
  const std::optional<std::string> json = context_.get_state(kProgramSpace, id);
  if (!json) return std::nullopt;
  std::string plan_id = In(*json).str("plan_id");
  if (plan_id.empty()) return std::nullopt;
  return plan_id;
}

void PumpState::bind_program(std::string_view id, std::string_view plan_id) {
  Out out;
  out.str("plan_id", plan_id);
  context_.put_state(kProgramSpace, id, out.done());
}

std::vector<std::string> PumpState::plans_of_order(std::string_view placer_key) {
  const std::optional<std::string> json = context_.get_state(kOrderSpace, placer_key);
  return json ? In(*json).strings("plans") : std::vector<std::string>{};
}

void PumpState::add_plan_to_order(std::string_view placer_key, std::string_view plan_id) {
  std::vector<std::string> plans = plans_of_order(placer_key);
  for (const std::string& p : plans) {
    if (p == plan_id) return;
  }
  plans.emplace_back(plan_id);
  Out out;
  out.strings("plans", plans);
  context_.put_state(kOrderSpace, placer_key, out.done());
}

std::vector<std::string> PumpState::plans_waiting_at(std::string_view key) {
  const std::optional<std::string> json = context_.get_state(kWaitingSpace, key);
  return json ? In(*json).strings("plans") : std::vector<std::string>{};
}

namespace {

// "A^B^C" -> "A", "A^B", "A^B^C" (as location keys).
std::vector<std::string> location_prefixes(std::string_view location) {
  std::vector<std::string> out;
  const std::string_view key = location_key(location);
  for (size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == '^') {
      const std::string_view prefix = location_key(key.substr(0, i));
      if (!prefix.empty() && (out.empty() || out.back() != prefix)) out.emplace_back(prefix);
    }
  }
  return out;
}

}  // namespace

void PumpState::wait_for_pump(const model::DosingPlan& plan) {
  for (const std::string& key : location_prefixes(plan.location)) {
    std::vector<std::string> plans = plans_waiting_at(key);
    if (std::find(plans.begin(), plans.end(), plan.plan_id) != plans.end()) continue;
    plans.push_back(plan.plan_id);
    Out out;
    out.strings("plans", plans);
    context_.put_state(kWaitingSpace, key, out.done());
  }
}

void PumpState::stop_waiting(const model::DosingPlan& plan) {
  for (const std::string& key : location_prefixes(plan.location)) {
    std::vector<std::string> plans = plans_waiting_at(key);
    const auto it = std::find(plans.begin(), plans.end(), plan.plan_id);
    if (it == plans.end()) continue;
    plans.erase(it);
    Out out;
    out.strings("plans", plans);
    context_.put_state(kWaitingSpace, key, out.done());
  }
}

std::optional<Session> PumpState::session(std::string_view session_id) {
  const std::optional<std::string> json = context_.get_state(kSessionSpace, session_id);
  if (!json) return std::nullopt;
  std::optional<Session> s = session_from_json(*json);
  if (!s) throw std::runtime_error("pump-control state: unreadable session record");
  return s;
}

void PumpState::put(const Session& session) {
  context_.put_state(kSessionSpace, session.session_id, session_to_json(session));
}

DeviceRecord PumpState::device(std::string_view device_id) {
  DeviceRecord record;
  const std::optional<std::string> json = context_.get_state(kDeviceSpace, device_id);
  if (!json) return record;
  In in(*json);
  record.channels = in.string_map("channels");
  record.programmed = in.str("programmed");
  return record;
}

void PumpState::put_device(std::string_view device_id, const DeviceRecord& record) {
  Out out;
  out.string_map("channels", record.channels);
  out.str("programmed", record.programmed);
  context_.put_state(kDeviceSpace, device_id, out.done());
}

std::optional<LearnedDevice> PumpState::learned_device(std::string_view device_id) {
  const std::optional<std::string> json = context_.get_state(kDeviceLocationSpace, device_id);
  if (!json) return std::nullopt;
  In in(*json);
  return LearnedDevice{std::string(device_id), in.str("location"), in.str("device_kind")};
}

std::vector<std::string> PumpState::devices_at(std::string_view key) {
  const std::optional<std::string> json = context_.get_state(kLocationDevicesSpace, key);
  return json ? In(*json).strings("devices") : std::vector<std::string>{};
}

void PumpState::learn(const LearnedDevice& seen) {
  std::optional<LearnedDevice> known = learned_device(seen.id);
  if (known && known->location == seen.location &&
      (seen.device_kind.empty() || known->device_kind == seen.device_kind)) {
    return;
  }
  LearnedDevice updated = seen;
  if (known && updated.device_kind.empty()) updated.device_kind = known->device_kind;
  Out out;
  out.str("location", updated.location);
  out.str("device_kind", updated.device_kind);
  context_.put_state(kDeviceLocationSpace, seen.id, out.done());

  const std::string_view old_key = known ? location_key(known->location) : std::string_view();
  const std::string_view new_key = location_key(updated.location);
  if (old_key == new_key) return;
  auto write_index = [&](std::string_view key, const std::vector<std::string>& devices) {
    Out index;
    index.strings("devices", devices);
    context_.put_state(kLocationDevicesSpace, key, index.done());
  };
  // An empty key binds nothing: such a device is found by its id only.
  if (!old_key.empty()) {
    std::vector<std::string> there = devices_at(old_key);
    there.erase(std::remove(there.begin(), there.end(), seen.id), there.end());
    write_index(old_key, there);
  }
  if (!new_key.empty()) {
    std::vector<std::string> there = devices_at(new_key);
    auto at = std::lower_bound(there.begin(), there.end(), seen.id);
    if (at == there.end() || *at != seen.id) {
      there.insert(at, seen.id);
      write_index(new_key, there);
    }
  }
}

PatientRecord PumpState::patient(std::string_view patient_key) {
  PatientRecord record;
  const std::optional<std::string> json = context_.get_state(kPatientSpace, patient_key);
  if (!json) return record;
  In in(*json);
  record.sessions = in.strings("sessions");
  record.vital_breaches = in.strings("vital_breaches");
  return record;
}

void PumpState::put_patient(std::string_view patient_key, const PatientRecord& record) {
  Out out;
  out.strings("sessions", record.sessions);
  out.strings("vital_breaches", record.vital_breaches);
  context_.put_state(kPatientSpace, patient_key, out.done());
}

}  // namespace titrate::pump_control
