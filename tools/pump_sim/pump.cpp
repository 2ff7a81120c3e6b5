#include "tools/pump_sim/pump.h"

#include <cmath>
#include <cstdio>

#include "gateway/model/values.h"
#include "tools/pump_sim/vitals.h"

namespace titrate::pump_sim {
namespace {

constexpr double kHourUs = 3600.0 * 1e6;

std::string hex2(int n) {
  char out[3];
  std::snprintf(out, sizeof out, "%02X", n & 0xFF);
  return out;
}

// Where in the bag the scenario's event happens (share of the VTBI); 0: no such event.
double trigger_share(Scenario s) {
  switch (s) {
    case Scenario::kOcclusion:
      return 0.5;
    case Scenario::kPauseResume:
      return 0.4;
    case Scenario::kDisconnect:
      return 0.3;
    default:
      return 0;
  }
}

}  // namespace

std::string compact_number(double value) {
  std::string text = model::Decimal::from_double(value, 1).to_string();
  if (text.size() > 2 && text.ends_with(".0")) text.resize(text.size() - 2);
  return text;
}

std::string ControlIds::next() {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(++counter_));
  return prefix_ + digits;
}

Pump::Pump(int number, Scenario scenario, PumpTiming timing)
    : number_(number), scenario_(scenario), timing_(timing) {
  device_.name = std::string(1, 'P').append(std::to_string(number));
  device_.eui64 = "00A1B2C3D4E5F6" + hex2(number);
  device_.location = "INF^CHAIR" + std::to_string(number) + "^1";
}

bool Pump::busy() const {
  return state_ == State::kProgrammed || state_ == State::kRunning || state_ == State::kPaused ||
         state_ == State::kAlarmed;
}

const Program* Pump::patient_program() const {
  return state_ == State::kIdle || !program_ ? nullptr : &*program_;
}

double Pump::phase(int64_t t) const {
  if (!program_ || started_us_ == 0 || state_ == State::kIdle) return kNoInfusion;
  const double planned_min = program_->duration_min > 0
                                 ? program_->duration_min
                                 : program_->vtbi_ml / program_->rate_ml_h * 60;
  if (planned_min <= 0) return kNoInfusion;
  return static_cast<double>(t - started_us_) / (planned_min * 60e6);
}

Envelope Pump::envelope(int64_t t, StepContext& ctx) const {
  return {ctx.ids.next(), t};
}

void Pump::emit(std::string message, StepContext& ctx) {
  if (offline_) {
    buffered_.push_back(std::move(message));
  } else {
    ctx.out.send(std::move(message));
  }
}

void Pump::announce(int64_t now, StepContext& ctx) {
  ctx.out.send(pcd01_pump_status(device_, envelope(now, ctx), InfusionSnapshot{}));
}

void Pump::load(Program program, int64_t now, StepContext&) {
  program_ = std::move(program);
  state_ = State::kProgrammed;
  volume_ml_ = 0;
  volume_at_us_ = now;
  start_due_us_ = now + timing_.confirm_delay_us;
  started_us_ = 0;
  scenario_fired_ = false;
  resume_due_us_ = 0;
}

int64_t Pump::time_to_volume(double target_ml) const {
  if (target_ml <= volume_ml_) return volume_at_us_;
  const double us = (target_ml - volume_ml_) / program_->rate_ml_h * kHourUs;
  return volume_at_us_ + static_cast<int64_t>(std::ceil(us));
}

void Pump::infuse_until(int64_t t) {
  if (state_ == State::kRunning && t > volume_at_us_) {
    volume_ml_ += program_->rate_ml_h * static_cast<double>(t - volume_at_us_) / kHourUs;
    if (volume_ml_ > program_->vtbi_ml) volume_ml_ = program_->vtbi_ml;
  }
  if (t > volume_at_us_) volume_at_us_ = t;
}

std::optional<Pump::Due> Pump::next() const {
  std::optional<Due> best;
  auto consider = [&best](int64_t at, Due::What what) {
    if (!best || at < best->at) best = Due{at, what};
  };
  switch (state_) {
    case State::kIdle:
      break;
    case State::kProgrammed:
      consider(start_due_us_, Due::What::kStart);
      break;
    case State::kRunning: {
      consider(time_to_volume(program_->vtbi_ml), Due::What::kComplete);
      const double share = trigger_share(scenario_);
      if (share > 0 && !scenario_fired_) {
        consider(time_to_volume(program_->vtbi_ml * share), Due::What::kTrigger);
      }
      break;
    }
    case State::kPaused:
      if (resume_due_us_ != 0) consider(resume_due_us_, Due::What::kResume);
      break;
    case State::kAlarmed:
    case State::kDone:
      consider(leave_due_us_, Due::What::kLeave);
      break;
  }
  if (offline_) {
    consider(reconnect_due_us_, Due::What::kReconnect);
  } else if (state_ == State::kRunning || state_ == State::kPaused) {
    consider(next_status_us_, Due::What::kStatus);
  }
  return best;
}

std::optional<int64_t> Pump::next_due() const {
  const std::optional<Due> due = next();
  if (!due) return std::nullopt;
  return due->at;
}

InfusionSnapshot Pump::snapshot() const {
  InfusionSnapshot s;
  s.program = program_ ? &*program_ : nullptr;
  if (!program_) return s;
  s.infusing = state_ == State::kRunning;
  s.delivery_status = s.infusing ? "delivering" : "not-delivering";
  if (state_ == State::kPaused) s.not_delivering_reason = "pump-stopped-by-clinician";
  if (state_ == State::kAlarmed) s.not_delivering_reason = "pump-stopped-alarming";
  if (state_ == State::kDone) s.not_delivering_reason = "pump-stopped-not-specified";
  const bool complete = state_ == State::kDone && volume_ml_ >= program_->vtbi_ml;
  s.volume_text =
      complete ? program_->vtbi_text : model::Decimal::from_double(volume_ml_, 1).to_string();
  s.remaining_ml = complete ? 0 : program_->vtbi_ml - volume_ml_;
  s.remaining_min = s.remaining_ml / program_->rate_ml_h * 60;
  return s;
}

void Pump::step(StepContext& ctx) {
  const std::optional<Due> due = next();
  if (!due) return;
  infuse_until(due->at);
  const std::string& name = device_.name;
  switch (due->what) {
    case Due::What::kStart:
      state_ = State::kRunning;
      started_us_ = due->at;
      next_status_us_ = due->at + timing_.status_every_us;
      emit(pcd10_event(device_, envelope(due->at, ctx), snapshot(), InfusionEvent::kStart), ctx);
      ctx.out.line(name + " started");
      break;
    case Due::What::kComplete:
      complete(due->at, ctx);
      break;
    case Due::What::kTrigger:
      fire_scenario(due->at, ctx);
      break;
    case Due::What::kStatus:
      report_status(due->at, ctx);
      break;
    case Due::What::kResume:
      state_ = State::kRunning;
      resume_due_us_ = 0;
      emit(pcd10_event(device_, envelope(due->at, ctx), snapshot(), InfusionEvent::kStart), ctx);
      ctx.out.line(name + " resumed at " + compact_number(volume_ml_) + " mL");
      break;
    case Due::What::kReconnect: {
      offline_ = false;
      std::vector<std::string> held;
      held.swap(buffered_);
      for (std::string& message : held) ctx.out.send(std::move(message));
      ctx.out.line(name + " reconnected: " + compact_number(volume_ml_) + " mL infused, " +
                   std::to_string(held.size()) + " buffered events sent");
      if (program_) report_status(due->at, ctx);
      break;
    }
    case Due::What::kLeave:
      state_ = State::kIdle;
      program_.reset();
      ctx.out.line("bed " + std::to_string(number_) + " free");
      break;
  }
}

void Pump::complete(int64_t t, StepContext& ctx) {
  volume_ml_ = program_->vtbi_ml;
  state_ = State::kDone;
  leave_due_us_ = t + timing_.patient_stays_us;
  emit(pcd10_event(device_, envelope(t, ctx), snapshot(), InfusionEvent::kComplete), ctx);
  ctx.out.line(device_.name + " completed " + compact_number(program_->vtbi_ml) + " mL");
}

void Pump::report_status(int64_t t, StepContext& ctx) {
  next_status_us_ = t + timing_.status_every_us;
  ctx.out.send(pcd01_pump_status(device_, envelope(t, ctx), snapshot()));
  if (state_ == State::kRunning) {
    ctx.out.line(device_.name + " running: " + compact_number(volume_ml_) + " of " +
                 compact_number(program_->vtbi_ml) + " mL at " +
                 compact_number(program_->rate_ml_h) + " mL/h");
  }
}

void Pump::fire_scenario(int64_t t, StepContext& ctx) {
  scenario_fired_ = true;
  const std::string& name = device_.name;
  const std::string volume = compact_number(volume_ml_);
  switch (scenario_) {
    case Scenario::kOcclusion:
      state_ = State::kAlarmed;
      leave_due_us_ = t + timing_.patient_stays_us;
      // The STOP first: it carries the volume infused up to the alarm.
      emit(pcd10_event(device_, envelope(t, ctx), snapshot(), InfusionEvent::kStop), ctx);
      emit(pcd04_occlusion(device_, envelope(t, ctx), snapshot()), ctx);
      ctx.out.line(name + " occlusion alarm: delivery stopped at " + volume + " mL");
      break;
    case Scenario::kPauseResume:
      state_ = State::kPaused;
      resume_due_us_ = t + timing_.pause_for_us;
      emit(pcd10_event(device_, envelope(t, ctx), snapshot(), InfusionEvent::kStop), ctx);
      ctx.out.line(name + " paused by clinician at " + volume + " mL");
      break;
    case Scenario::kDisconnect:
      offline_ = true;
      reconnect_due_us_ = t + timing_.offline_for_us;
      ctx.out.drop_connection();
      ctx.out.line(name + " disconnected at " + volume + " mL (silent for " +
                   std::to_string(timing_.offline_for_us / kMinuteUs) + " min)");
      break;
    default:
      break;
  }
}

}  // namespace titrate::pump_sim
