#include "tools/pump_sim/fleet.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "mappers/hl7v2/message.h"
#include "tools/pump_sim/pcd_writer.h"
#include "tools/pump_sim/program.h"

namespace titrate::pump_sim {
namespace {

bool same_id(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

// Worth a line on the console: every fifth reading, and any reading near an alert limit.
bool notable(const Vitals& v) {
  return v.systolic > 160 || v.diastolic > 100 || v.spo2 < 94 || v.heart_rate > 120 ||
         v.heart_rate < 50 || v.respiratory_rate < 10;
}

std::string vitals_line(int bed, const Vitals& v) {
  char line[128];
  std::snprintf(line, sizeof line, "bed %d BP %d/%d HR %d RR %d SpO2 %d%%", bed, v.systolic,
                v.diastolic, v.heart_rate, v.respiratory_rate, v.spo2);
  return line;
}

// The application answer is wanted unless MSH-16 says NE, or ER and all went well.
bool wants_application_answer(const Program& p, bool accepted) {
  return p.application_ack != "NE" && !(p.application_ack == "ER" && accepted);
}

const ProgramError kHardLimit{"9024", "Drug library hard limit exceeded", "RXG-15"};

}  // namespace

struct Fleet::Monitor {
  Device device;
  VitalsGenerator vitals;
  const Pump* pump = nullptr;
  int64_t next_us = 0;
  int readings = 0;
};

Fleet::Fleet(FleetOptions options, FleetOutput& out)
    : options_(std::move(options)),
      out_(out),
      ids_(options_.control_prefix),
      ctx_{out_, ids_},
      rng_(options_.seed) {
  for (int i = 1; i <= options_.pumps; ++i) {
    auto pump = std::make_unique<Pump>(i, options_.scenario.for_pump(i), options_.timing);
    Device device{std::string(1, 'M').append(std::to_string(i)), pump->device().eui64,
                  pump->device().location};
    device.eui64[13] = '7';  // monitors: 00A1B2C3D4E5F7 + two hex digits of the bed
    monitors_.push_back(std::make_unique<Monitor>(
        Monitor{std::move(device), VitalsGenerator(options_.seed, i), pump.get(), 0, 0}));
    pumps_.push_back(std::move(pump));
  }
}

Fleet::~Fleet() = default;

void Fleet::start(int64_t now) {
  now_ = now;
  for (auto& pump : pumps_) pump->announce(now, ctx_);
}

Pump* Fleet::pump_for(std::string_view device) {
  for (auto& pump : pumps_) {
    if (same_id(pump->device().eui64, device) || same_id(pump->device().name, device)) {
      return pump.get();
    }
  }
  return nullptr;
}

std::string Fleet::on_program(std::string_view frame, int64_t now) {
  advance(now);
  const hl7v2::Message rgv = hl7v2::parse(frame);
  const Envelope ack_envelope{ids_.next(), now};
  ProgramRead read = read_program(rgv);
  if (!read.program) {
    out_.line("program refused: " + read.error.code + " " + read.error.text);
    return ack_o15(rgv, ack_envelope, false, read.error);
  }
  Program& program = *read.program;
  const auto known = std::find_if(answers_.begin(), answers_.end(),
                                  [&](const auto& a) { return a.first == program.program_id; });
  if (known != answers_.end()) {
    const Answer& answer = known->second;
    out_.line("program " + program.program_id + " sent again: answered " +
              (answer.accepted ? "accepted" : "rejected") + " again, no new infusion");
    if (wants_application_answer(program, answer.accepted)) {
      out_.send(rrg_o16(program, {ids_.next(), now}, answer.accepted, answer.error));
    }
    return ack_o15(rgv, ack_envelope, true, {});
  }
  Pump* pump = pump_for(program.device);
  if (!pump) {
    const ProgramError unknown{"9001", "Unknown infuser", "OBX-18"};
    out_.line("program " + program.program_id + " refused: 9001 unknown infuser");
    return ack_o15(rgv, ack_envelope, false, unknown);
  }
  if (pump->busy()) {
    const ProgramError infusing{"9002", "Channel is infusing", "OBX-18"};
    out_.line(pump->device().name + " program " + program.program_id +
              " refused: 9002 channel is infusing");
    return ack_o15(rgv, ack_envelope, false, infusing);
  }
  const bool reject = std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < options_.reject_rate;
  const std::string& name = pump->device().name;
  Answer answer{!reject, reject ? kHardLimit : ProgramError{}, program};
  if (reject) {
    out_.line(name + " program " + program.program_id +
              " rejected: 9024 drug library hard limit exceeded");
  } else {
    out_.line(name + " program " + program.program_id +
              " accepted: " + compact_number(program.vtbi_ml) + " mL at " +
              compact_number(program.rate_ml_h) + " mL/h");
  }
  if (wants_application_answer(program, answer.accepted)) {
    out_.send(rrg_o16(program, {ids_.next(), now}, answer.accepted, answer.error));
  }
  if (!reject) {
    Monitor& monitor = *monitors_.at(static_cast<size_t>(pump->number() - 1));
    monitor.next_us = now + options_.vitals_every_us;
    pump->load(std::move(program), now, ctx_);
  }
  answers_.emplace_back(answer.program.program_id, std::move(answer));
  return ack_o15(rgv, ack_envelope, true, {});
}

std::optional<int64_t> Fleet::monitor_due(const Monitor& m) const {
  if (!m.pump->patient_program() || m.next_us == 0) return std::nullopt;
  return m.next_us;
}

void Fleet::monitor_step(Monitor& m, int64_t t) {
  const Program* patient = m.pump->patient_program();
  const Vitals v = m.vitals.next(m.pump->scenario(), m.pump->phase(t));
  out_.send(pcd01_vitals(m.device, {ids_.next(), t}, patient->patient_pid3, v));
  if (m.readings++ % 5 == 0 || notable(v)) out_.line(vitals_line(m.pump->number(), v));
  m.next_us = t + options_.vitals_every_us;
}

std::optional<int64_t> Fleet::next_due() const {
  std::optional<int64_t> best;
  for (const auto& pump : pumps_) {
    const auto due = pump->next_due();
    if (due && (!best || *due < *best)) best = due;
  }
  for (const auto& monitor : monitors_) {
    const auto due = monitor_due(*monitor);
    if (due && (!best || *due < *best)) best = due;
  }
  return best;
}

void Fleet::advance(int64_t now) {
  for (;;) {
    Pump* pump = nullptr;
    Monitor* monitor = nullptr;
    std::optional<int64_t> best;
    for (auto& p : pumps_) {
      const auto due = p->next_due();
      if (due && *due <= now && (!best || *due < *best)) best = due, pump = p.get();
    }
    for (auto& m : monitors_) {
      const auto due = monitor_due(*m);
      if (due && *due <= now && (!best || *due < *best)) {
        best = due, monitor = m.get(), pump = nullptr;
      }
    }
    if (!best) break;
    if (pump) {
      pump->step(ctx_);
    } else {
      monitor_step(*monitor, *best);
    }
  }
  now_ = std::max(now_, now);
}

}  // namespace titrate::pump_sim
