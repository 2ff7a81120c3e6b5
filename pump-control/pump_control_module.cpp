#include "pump-control/pump_control_module.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "gateway/bus/derived_event.h"
#include "gateway/clock/date_time.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"
#include "gateway/model/model_json.h"
#include "pump-control/delivery_checks.h"
#include "pump-control/pump_binding.h"
#include "pump-control/pump_state.h"
#include "pump-control/session_machine.h"
#include "pump-control/vital_signs.h"

namespace titrate::pump_control {
namespace {

using model::AdministrationAction;
using model::AlertAction;
using model::OrderState;
using model::PumpEventKind;
using model::SessionState;

// PIV ERR-5 codes (IHE PCD TF2 B.3) carry no code system URI of their own; this one is ours.
constexpr std::string_view kPivErrorSystem = "urn:ihe:pcd:piv:error";

std::string hex16(std::string_view text) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

void remove_value(std::vector<std::string>& values, const std::string& value) {
  values.erase(std::remove(values.begin(), values.end(), value), values.end());
}

bool has(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string severity_of_priority(std::string_view priority) {
  if (priority == "PH") return "high";
  if (priority == "PL") return "low";
  return "medium";
}

}  // namespace

std::string program_id_for(std::string_view plan_id) {
  return "TP" + hex16(plan_id);
}

std::string control_id_for(std::string_view plan_id) {
  return "TC" + hex16(plan_id);
}

// One handler call: the input event, the state seen through its context, the outputs.
class PumpControlModule::Call {
 public:
  Call(PumpControlModule& module, const bus::Event& in, bus::HandlerContext& context)
      : m_(module),
        in_(in),
        context_(context),
        state_(context),
        now_us_(module.clock_()),
        out_prefix_(in.event_id) {}

  void run() {
    if (in_.type == bus::event_type::kDosingPlan) {
      on_plan();
    } else if (in_.type == bus::event_type::kPumpEvent) {
      on_pump_event();
    } else if (in_.type == bus::event_type::kOrderStatus) {
      on_order_status();
    }
  }

 private:
  // ---- outputs ----

  void publish(const std::string& topic, std::string_view type, std::string event_id,
               const model::Identifier& patient, std::string body) {
    bus::Event out = bus::derived_event(in_, type, std::move(event_id), std::move(body), now_us_);
    if (!patient.empty()) out.key = bus::patient_key(patient);
    context_.publish(topic, std::move(out));
  }

  void order_status(const model::DosingPlan& plan, OrderState state,
                    std::vector<model::Reason> reasons, std::string event_id) {
    model::OrderStatusUpdate s;
    s.placer = plan.placer;
    s.filler = plan.filler;
    s.patient_id = plan.patient_id;
    s.state = state;
    s.reasons = std::move(reasons);
    s.plan_id = plan.plan_id;
    s.infusion_number = plan.infusion_number;
    s.time.value = clock::iso8601_utc(now_us_);
    publish(m_.topics_.order_status, bus::event_type::kOrderStatus, std::move(event_id),
            plan.patient_id, model::to_json(s));
  }

  void raise(model::Alert alert) {
    if (alert.time.empty()) alert.time.value = clock::iso8601_utc(now_us_);
    TITRATE_LOG_INFO("pump-control: alert %s %s (input %s)", alert.code.c_str(),
                     alert.alert_id.c_str(), in_.event_id.c_str());
    std::string id = alert.alert_id;
    const model::Identifier patient = alert.patient_id;
    publish(m_.topics_.alerts, bus::event_type::kAlert, std::move(id), patient,
            model::to_json(alert));
  }

  model::Alert session_alert(const Session& s, std::string code, std::string severity,
                             AlertAction action, std::string message) {
    model::Alert a;
    a.alert_id = s.session_id + "/alert/" + code;
    a.code = std::move(code);
    a.severity = std::move(severity);
    a.action = action;
    a.message = std::move(message);
    a.patient_id = s.patient_id;
    a.device = s.device;
    a.session_id = s.session_id;
    a.plan_id = s.plan_id;
    a.time = s.last_time;
    return a;
  }

  void program_failed(const PlanRecord& r, std::string reason) {
    model::Alert a;
    a.alert_id = out_prefix_ + "/alert/program-failed";
    a.code = "program-failed";
    a.severity = "high";
    a.message = "the plan could not be programmed into a pump: " + reason;
    a.rule = reason == "no-pump" ? "/pumps" : "";
    a.patient_id = r.plan.patient_id;
    a.device = r.device;
    a.plan_id = r.plan.plan_id;
    raise(std::move(a));
  }

  void administration(Session& s, const std::optional<PlanRecord>& r, AdministrationAction action) {
    model::AdministrationEvent a;
    a.session_id = s.session_id;
    a.sequence = ++s.sequence;
    a.action = action;
    a.state = s.state;
    a.plan_id = s.plan_id;
    a.patient_id = s.patient_id;
    a.device = s.device;
    a.started = s.started;
    a.time = s.last_time.empty() ? model::DateTime{clock::iso8601_utc(now_us_)} : s.last_time;
    a.rate = s.rate;
    a.volume_delivered = model::Quantity{s.volume_ml, "mL"};
    a.deviations = s.deviations;
    if (r) {
      const model::DosingPlan& p = r->plan;
      a.placer = p.placer;
      a.visit_number = p.visit_number;
      a.medication = p.medication;
      a.concentration = p.concentration;
      if (s.rate) a.dose_rate = dose_rate_of_rate(p.concentration, *s.rate);
      if (auto dose = dose_of_volume(p.concentration, s.volume_ml)) a.dose_delivered = *dose;
      if (p.vtbi.value != model::Quantity{}) a.planned_volume = p.vtbi.value;
      if (p.dose.value != model::Quantity{}) a.planned_dose = p.dose.value;
      a.infusion_number = p.infusion_number;
      a.series_total = p.series_total;
    }
    if (!a.dose_rate && s.dose_rate && s.dose_rate->unit == "mg/h") a.dose_rate = s.dose_rate;
    std::string id = s.session_id + "/" + std::to_string(a.sequence);
    publish(m_.topics_.administrations, bus::event_type::kAdministration, std::move(id),
            s.patient_id, model::to_json(a));
  }

  // ---- dosing plans and PCD-03 answers ----

  void on_plan() {
    model::ModelJsonError error;
    std::optional<model::DosingPlan> plan = model::dosing_plan_from_json(in_.body, &error);
    if (!plan || plan->plan_id.empty()) {
      TITRATE_LOG_WARN("pump-control: event %s: unreadable dosing plan: %s", in_.event_id.c_str(),
                       plan ? "no plan_id" : error.to_string().c_str());
      return;
    }
    if (std::optional<PlanRecord> existing = state_.plan(plan->plan_id);
        existing && existing->status != ProgramStatus::kPending) {
      // Redelivered: the programmer was called already; a second call would reprogram the pump.
      TITRATE_LOG_INFO("pump-control: event %s: plan already %s", in_.event_id.c_str(),
                       std::string(status_name(existing->status)).c_str());
      return;
    }
    PlanRecord record;
    record.plan = std::move(*plan);
    const model::DosingPlan& p = record.plan;
    if (!p.placer.empty()) state_.add_plan_to_order(bus::patient_key(p.placer), p.plan_id);

    const std::optional<std::string> device = bind(p);
    if (!device) {
      // Held, not refused: a pump reporting from the patient's location later binds the plan
      // (on Kafka a plan can be handled before the PCD-01 of a pump already at the chair).
      record.status = ProgramStatus::kNoPump;
      state_.put(record);
      state_.wait_for_pump(p);
      order_status(p, OrderState::kHeld,
                   {model::Reason{"no-pump",
                                  "no registered or learned pump for the plan's device or "
                                  "location yet; programmed when one reports from there",
                                  "/pumps",
                                  {}}},
                   in_.event_id + "/status");
      program_failed(record, "no-pump");
      return;
    }
    program(record, *device);
  }

  std::optional<std::string> bind(const model::DosingPlan& p) {
    return bind_pump(p, m_.config_.pumps, state_, [&](const std::string& id) {
      const DeviceRecord d = state_.device(id);
      return !d.channels.empty() || !d.programmed.empty();
    });
  }

  // Sends the plan to `device`; the events it produces are named after out_prefix_.
  void program(PlanRecord& record, const std::string& device) {
    const model::DosingPlan& p = record.plan;
    record.device = device;
    record.program_id = program_id_for(p.plan_id);
    record.control_id = control_id_for(p.plan_id);
    state_.bind_program(record.program_id, p.plan_id);
    state_.bind_program(record.control_id, p.plan_id);

    const ProgramResult result =
        m_.programmer_.program(PumpProgram{p, record.device, record.program_id, record.control_id});
    switch (result.outcome) {
      case ProgramResult::Outcome::kAccepted:
        programmed(record);
        break;
      case ProgramResult::Outcome::kRejected:
        rejected(record, result.code, result.text);
        break;
      case ProgramResult::Outcome::kUnreachable:
        record.status = ProgramStatus::kUnreachable;
        state_.put(record);
        order_status(
            p, OrderState::kProgramRejected,
            {model::Reason{
                "pump-unreachable", "the pump system did not answer: " + result.text, "", {}}},
            out_prefix_ + "/status");
        program_failed(record, "pump-unreachable");
        break;
    }
  }

  void programmed(PlanRecord& record) {
    Session s;
    s.session_id = "pump-session/" + record.program_id;
    s.plan_id = record.plan.plan_id;
    s.program_id = record.program_id;
    s.device = record.device;
    s.patient_id = record.plan.patient_id;
    s.state = SessionState::kProgrammed;
    DeviceRecord device = state_.device(record.device);
    if (!device.programmed.empty() && device.programmed != s.session_id) {
      // A new program replaces one that never started on this pump.
      if (std::optional<Session> old = state_.session(device.programmed);
          old && old->state == SessionState::kProgrammed) {
        end_session(*old, SessionState::kAborted, now_us_);
        state_.put(*old);
      }
    }
    device.programmed = s.session_id;
    state_.put_device(record.device, device);
    state_.put(s);
    record.status = ProgramStatus::kProgrammed;
    record.session_id = s.session_id;
    state_.put(record);
    order_status(record.plan, OrderState::kProgrammed, {}, out_prefix_ + "/status");
  }

  void rejected(PlanRecord& record, const std::string& code, const std::string& text) {
    record.status = ProgramStatus::kRejected;
    if (!record.session_id.empty()) {
      if (std::optional<Session> s = state_.session(record.session_id);
          s && s->state == SessionState::kProgrammed) {
        end_session(*s, SessionState::kAborted, now_us_);
        state_.put(*s);
        DeviceRecord device = state_.device(s->device);
        if (device.programmed == s->session_id) {
          device.programmed.clear();
          state_.put_device(s->device, device);
        }
      }
    }
    state_.put(record);
    order_status(record.plan, OrderState::kProgramRejected,
                 {model::Reason{"pump-rejected", "the pump system refused the program: " + text, "",
                                model::Coding{std::string(kPivErrorSystem), code, text}}},
                 out_prefix_ + "/status");
  }

  void on_program_answer(const model::PumpEvent& e) {
    const std::optional<std::string> plan_id = state_.plan_of_program(e.program_id);
    std::optional<PlanRecord> record = plan_id ? state_.plan(*plan_id) : std::nullopt;
    if (!record) {
      TITRATE_LOG_WARN("pump-control: event %s: answer for an unknown program (control id %s)",
                       in_.event_id.c_str(), e.control_id.c_str());
      return;
    }
    if (e.kind == PumpEventKind::kProgramAccepted) {
      if (record->status == ProgramStatus::kPending ||
          record->status == ProgramStatus::kUnreachable) {
        programmed(*record);
      }
      return;
    }
    if (record->status == ProgramStatus::kRejected || record->status == ProgramStatus::kCancelled ||
        record->status == ProgramStatus::kNoPump) {
      return;
    }
    if (!record->session_id.empty()) {
      std::optional<Session> s = state_.session(record->session_id);
      if (s && s->state != SessionState::kProgrammed) return;  // already running: too late
    }
    rejected(*record, e.reject_code, e.reject_text);
  }

  // ---- order status from the dosing module / EHR ----

  void on_order_status() {
    model::ModelJsonError error;
    std::optional<model::OrderStatusUpdate> st = model::order_status_from_json(in_.body, &error);
    if (!st) {
      TITRATE_LOG_WARN("pump-control: event %s: unreadable order status: %s", in_.event_id.c_str(),
                       error.to_string().c_str());
      return;
    }
    const bool ends = st->state == OrderState::kCancelled || st->state == OrderState::kDiscontinued;
    if (!ends && st->state != OrderState::kOnHold) return;
    std::vector<std::string> plans;
    if (!st->plan_id.empty()) {
      plans.push_back(st->plan_id);
    } else if (!st->placer.empty()) {
      plans = state_.plans_of_order(bus::patient_key(st->placer));
    }
    for (const std::string& plan_id : plans) {
      std::optional<PlanRecord> record = state_.plan(plan_id);
      if (!record) continue;
      std::optional<Session> s =
          record->session_id.empty() ? std::nullopt : state_.session(record->session_id);
      if (ends && record->status != ProgramStatus::kCancelled) {
        record->status = ProgramStatus::kCancelled;
        state_.put(*record);
      }
      if (!s || is_terminal(s->state)) continue;
      if (ends) {
        end_order(*s, record);
      } else if (!has(s->alerts, "order-on-hold")) {
        s->alerts.push_back("order-on-hold");
        raise(session_alert(
            *s, "order-on-hold", "medium",
            s->state == SessionState::kRunning ? AlertAction::kPause : AlertAction::kNotify,
            "the order was put on hold while its infusion is active"));
        state_.put(*s);
      }
    }
  }

  void end_order(Session& s, const std::optional<PlanRecord>& record) {
    const SessionState before = s.state;
    const bool started = before != SessionState::kProgrammed;
    end_session(s, started ? SessionState::kStopped : SessionState::kAborted, now_us_);
    if (started) administration(s, record, AdministrationAction::kStop);
    if (!has(s.alerts, "order-discontinued")) {
      s.alerts.push_back("order-discontinued");
      raise(session_alert(
          s, "order-discontinued", "high",
          before == SessionState::kRunning ? AlertAction::kPause : AlertAction::kNotify,
          started ? "the order ended while its infusion is active: stop the pump"
                  : "the order ended: clear the program on the pump"));
    }
    after_transition(s);
    state_.put(s);
  }

  // ---- pump events ----

  void on_pump_event() {
    model::ModelJsonError error;
    std::optional<model::PumpEvent> e = model::pump_event_from_json(in_.body, &error);
    if (!e) {
      TITRATE_LOG_WARN("pump-control: event %s: unreadable pump event: %s", in_.event_id.c_str(),
                       error.to_string().c_str());
      return;
    }
    switch (e->kind) {
      case PumpEventKind::kProgramAccepted:
      case PumpEventKind::kProgramRejected:
        on_program_answer(*e);
        return;
      case PumpEventKind::kVitals:
        on_vitals(*e);
        return;
      default:
        learn(*e);
        on_device_event(*e);
    }
  }

  void learn(const model::PumpEvent& e) {
    if (e.device.empty() || e.location.empty() || e.kind == PumpEventKind::kAlarm) return;
    state_.learn({e.device, e.location, e.device_kind});
    program_waiting_plans(e.location);
  }

  // Plans held for want of a pump that a pump at `location` may now take.
  void program_waiting_plans(const std::string& location) {
    for (const std::string& plan_id : state_.plans_waiting_at(location_key(location))) {
      std::optional<PlanRecord> record = state_.plan(plan_id);
      if (!record || record->status != ProgramStatus::kNoPump) continue;
      const std::optional<std::string> device = bind(record->plan);
      if (!device) continue;
      state_.stop_waiting(record->plan);
      out_prefix_ = in_.event_id + "/waiting/" + plan_id;
      program(*record, *device);
      out_prefix_ = in_.event_id;
    }
  }

  std::optional<Session> active_session(const std::string& session_id) {
    if (session_id.empty()) return std::nullopt;
    std::optional<Session> s = state_.session(session_id);
    if (!s || is_terminal(s->state)) return std::nullopt;
    return s;
  }

  std::optional<Session> find_session(const model::PumpEvent& e) {
    if (!e.program_id.empty()) {
      if (const auto plan_id = state_.plan_of_program(e.program_id)) {
        if (const auto record = state_.plan(*plan_id)) {
          if (auto s = active_session(record->session_id)) return s;
        }
      }
    }
    if (e.device.empty()) return std::nullopt;
    const DeviceRecord d = state_.device(e.device);
    if (auto it = d.channels.find(e.channel); it != d.channels.end()) {
      if (auto s = active_session(it->second)) return s;
    }
    if (e.channel.empty() && d.channels.size() == 1) {
      if (auto s = active_session(d.channels.begin()->second)) return s;
    }
    if (!e.channel.empty()) {
      if (auto it = d.channels.find(""); it != d.channels.end()) {
        if (auto s = active_session(it->second)) return s;
      }
    }
    return active_session(d.programmed);
  }

  void on_device_event(const model::PumpEvent& e) {
    const std::optional<clock::Instant> at = clock::parse_date_time(e.time);
    const int64_t event_us = at ? at->us : now_us_;
    std::optional<Session> found = find_session(e);
    bool unplanned = false;
    if (!found) {
      if (e.kind == PumpEventKind::kAlarm) {
        pump_alarm(e, nullptr);
      } else if (e.kind == PumpEventKind::kPumpStatus) {
        device_observations_of(e, nullptr);
      }
      if (e.kind != PumpEventKind::kDeliveryStart) return;
      found = Session{};
      found->session_id = "pump-session/" + hex16(e.device + "|" + e.channel + "|" + e.time.value);
      found->device = e.device;
      found->channel = e.channel;
      found->patient_id = e.patient_id;
      unplanned = true;
    }
    Session& s = *found;
    std::optional<PlanRecord> record = s.plan_id.empty() ? std::nullopt : state_.plan(s.plan_id);
    const StepResult step = apply_event(s, e, event_us);
    if (step.duplicate) {
      TITRATE_LOG_DEBUG("pump-control: event %s: duplicate (control id %s)", in_.event_id.c_str(),
                        e.control_id.c_str());
      return;
    }
    if (e.kind == PumpEventKind::kAlarm) pump_alarm(e, &s);
    if (e.kind == PumpEventKind::kPumpStatus) device_observations_of(e, &s);
    if (unplanned && !has(s.alerts, "start-without-plan")) {
      s.alerts.push_back("start-without-plan");
      raise(session_alert(s, "start-without-plan", "medium", AlertAction::kNotify,
                          "an infusion started on a pump channel with no plan bound to it"));
    }
    if (record && !step.stale) check(s, *record, event_us);
    if (step.action) administration(s, record, *step.action);
    if (record && s.state == SessionState::kCompleted &&
        step.action == AdministrationAction::kComplete) {
      order_status(record->plan, OrderState::kCompleted, {},
                   s.session_id + "/" + std::to_string(s.sequence) + "/status");
    }
    after_transition(s);
    state_.put(s);
  }

  void check(Session& s, const PlanRecord& record, int64_t at_us) {
    for (const Deviation& d : check_delivery(s, record.plan, m_.config_.tolerances, at_us)) {
      if (has(s.alerts, d.code)) continue;
      s.alerts.push_back(d.code);
      s.deviations.push_back(d.message);
      model::Alert a = session_alert(s, d.code, d.code == "volume-beyond-vtbi" ? "high" : "medium",
                                     AlertAction::kNotify, d.message);
      a.rule = d.rule;
      a.observed = d.observed;
      a.threshold = d.threshold;
      raise(std::move(a));
    }
  }

  // Device channel and patient indexes follow the session's state.
  void after_transition(const Session& s) {
    DeviceRecord d = state_.device(s.device);
    const DeviceRecord before = d;
    for (auto it = d.channels.begin(); it != d.channels.end();) {
      it = it->second == s.session_id ? d.channels.erase(it) : std::next(it);
    }
    if (!is_terminal(s.state) && s.state != SessionState::kProgrammed) {
      d.channels[s.channel] = s.session_id;
    }
    if (d.programmed == s.session_id && s.state != SessionState::kProgrammed) d.programmed.clear();
    if (d.channels != before.channels || d.programmed != before.programmed) {
      state_.put_device(s.device, d);
    }
    if (s.patient_id.empty()) return;
    const std::string key = bus::patient_key(s.patient_id);
    PatientRecord p = state_.patient(key);
    const bool listed = has(p.sessions, s.session_id);
    const bool active = !is_terminal(s.state) && s.state != SessionState::kProgrammed;
    if (active == listed) return;
    if (active) {
      p.sessions.push_back(s.session_id);
    } else {
      remove_value(p.sessions, s.session_id);
    }
    state_.put_patient(key, p);
  }

  void pump_alarm(const model::PumpEvent& e, const Session* s) {
    model::Alert a;
    a.alert_id = in_.event_id + "/alert/pump-alarm";
    a.code = "pump-alarm";
    a.severity = severity_of_priority(e.alarm_priority);
    a.message = "pump alarm " + e.event_code.code +
                (e.event_code.display.empty() ? "" : " " + e.event_code.display) +
                (e.alarm_priority.empty() ? "" : ", priority " + e.alarm_priority);
    a.rule = "pcd-04";
    a.patient_id = s ? s->patient_id : e.patient_id;
    a.device = e.device;
    if (s) {
      a.session_id = s->session_id;
      a.plan_id = s->plan_id;
    }
    a.time = e.time;
    raise(std::move(a));
  }

  void device_observations_of(const model::PumpEvent& e, const Session* s) {
    for (model::ObservationEvent& o : device_observations(e, in_.event_id)) {
      if (s) {
        o.session_id = s->session_id;
        if (o.patient_id.empty()) o.patient_id = s->patient_id;
      }
      std::string id = o.observation_id;
      const model::Identifier patient = o.patient_id;
      publish(m_.topics_.observations, bus::event_type::kObservation, std::move(id), patient,
              model::to_json(o));
    }
  }

  // ---- vital signs ----

  void on_vitals(const model::PumpEvent& e) {
    const std::string key =
        e.patient_id.empty() ? "device:" + e.device : bus::patient_key(e.patient_id);
    PatientRecord p = state_.patient(key);
    std::optional<Session> running;
    for (const std::string& id : p.sessions) {
      if ((running = active_session(id))) break;
    }
    for (model::ObservationEvent& o : vital_observations(e, in_.event_id)) {
      if (running) o.session_id = running->session_id;
      std::string id = o.observation_id;
      publish(m_.topics_.observations, bus::event_type::kObservation, std::move(id), e.patient_id,
              model::to_json(o));
    }
    const std::vector<RuleCheck> checks = check_vital_rules(m_.config_.vitals, e);
    std::vector<std::string> breached_now, checked;
    for (const RuleCheck& c : checks) {
      checked.push_back(c.rule->name);
      if (!c.breached || has(breached_now, c.rule->name)) continue;
      breached_now.push_back(c.rule->name);
      if (has(p.vital_breaches, c.rule->name)) continue;  // still in breach: alerted already
      model::Alert a;
      a.alert_id = in_.event_id + "/alert/" + c.rule->name;
      a.code = "vital-sign";
      a.severity = c.rule->severity;
      a.action = c.rule->action;
      a.message = std::string(sign_name(c.rule->sign)) + " " + c.observed.value.to_string() + " " +
                  c.observed.unit + (c.rule->above ? " above " : " below ") +
                  c.rule->threshold.to_string();
      a.rule = "/vitals/" + c.rule->name;
      a.observed = c.observed;
      a.threshold = model::Quantity{c.rule->threshold, c.observed.unit};
      a.patient_id = e.patient_id;
      a.device = e.device;
      if (running) {
        a.session_id = running->session_id;
        a.plan_id = running->plan_id;
      }
      a.time = e.time;
      raise(std::move(a));
    }
    // A rule re-arms once a reading of its sign is back within it.
    std::vector<std::string> breaches;
    for (const std::string& name : p.vital_breaches) {
      if (!has(checked, name) || has(breached_now, name)) breaches.push_back(name);
    }
    for (const std::string& name : breached_now) {
      if (!has(breaches, name)) breaches.push_back(name);
    }
    if (breaches != p.vital_breaches) {
      p.vital_breaches = std::move(breaches);
      state_.put_patient(key, p);
    }
  }

  PumpControlModule& m_;
  const bus::Event& in_;
  bus::HandlerContext& context_;
  PumpState state_;
  int64_t now_us_;
  std::string out_prefix_;  // output event ids derive from it (the input's id, by default)
};

PumpControlModule::PumpControlModule(PumpControlConfig config, PumpProgrammer& programmer,
                                     Clock clock)
    : config_(std::move(config)), programmer_(programmer), clock_(std::move(clock)) {
  if (!clock_) clock_ = clock::now_us;
}

bus::Subscription PumpControlModule::subscription(const bus::Topics& topics) {
  topics_ = topics;
  return bus::Subscription{
      std::string(kConsumerGroup),
      {topics.plans, topics.pump_events, topics.order_status},
      [this](const bus::Event& event, bus::HandlerContext& context) { handle(event, context); }};
}

void PumpControlModule::handle(const bus::Event& event, bus::HandlerContext& context) {
  Call(*this, event, context).run();
}

}  // namespace titrate::pump_control
