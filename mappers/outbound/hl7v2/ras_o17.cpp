#include "mappers/outbound/hl7v2/ras_o17.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "gateway/model/units.h"
#include "mappers/hl7v2/encoder.h"
#include "mappers/outbound/hl7v2/outbound_segments.h"

namespace titrate::outbound::hl7v2 {
namespace {

using model::Quantity;
using titrate::hl7v2::Encoder;

bool zero(const Quantity& q) {
  return q.value.mantissa == 0;
}

// `q` in `unit` when it converts; as it is otherwise (the unit says what it is).
Quantity in_unit(const Quantity& q, std::string_view unit) {
  if (q.unit == unit) return q;
  if (std::optional<Quantity> converted = units::convert(q, unit)) return *converted;
  return q;
}

bool is_eui64(std::string_view device) {
  return device.size() == 16 && std::all_of(device.begin(), device.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
         });
}

std::string_view completion_status(const model::AdministrationEvent& ev) {
  using S = model::SessionState;
  switch (ev.state) {
    case S::kCompleted:
      return "CP";
    case S::kPaused:
    case S::kStopped:
    case S::kAborted:
      return zero(ev.dose_delivered) && zero(ev.volume_delivered) ? "NA" : "PA";
    case S::kProgrammed:
    case S::kRunning:
      return {};
  }
  return {};
}

void write_rxa(Encoder& e, const model::AdministrationEvent& ev, const std::string& time) {
  e.segment("RXA").field("0").field("1");
  e.field(ev.started.empty() ? time : dtm(ev.started, "session start")).field(time);
  e.field();
  write_concept(e, ev.medication);
  const Quantity given = !ev.dose_delivered.unit.empty() ? in_unit(ev.dose_delivered, "mg")
                                                         : in_unit(ev.volume_delivered, "mL");
  e.field(given.value.to_string()).field();
  if (!given.unit.empty()) write_ucum(e, given.unit);
  const model::Ratio& c = ev.concentration;
  const bool has_strength = !c.numerator.unit.empty() && !c.denominator.unit.empty();
  if (has_strength) {
    e.field_at(13).text(c.numerator.value.to_string()).field();
    write_ucum(e, c.numerator.unit);
  }
  e.field_at(20).text(completion_status(ev));
  e.field(ev.action == model::AdministrationAction::kStart ? "A" : "U");
  if (has_strength) {
    const Quantity volume = in_unit(c.denominator, "mL");
    e.field_at(23).text(volume.value.to_string()).field();
    write_ucum(e, volume.unit);
  }
}

void write_route(Encoder& e) {
  e.segment("RXR").field("IV").component("Intravenous").component("HL70162");
  e.component("47625008").component("Intravenous route").component("SCT");
  e.field_at(4).text("IV").component("Intravenous").component("HL70165");
}

class ObxWriter {
 public:
  ObxWriter(Encoder& e, const model::AdministrationEvent& ev, const std::string& time)
      : e_(e), ev_(ev), time_(time) {}

  void numeric(std::string_view code, std::string_view refid, const Quantity& q) {
    start("NM").text(code).component(refid).component("MDC");
    e_.field().field(q.value.to_string()).field();
    write_ucum(e_, q.unit);
    finish();
  }

  void note(std::string_view text) {
    start("TX").text("48767-8").component("Annotation comment").component("LN");
    e_.field().field(text);
    finish();
  }

 private:
  Encoder& start(std::string_view type) {
    return e_.segment("OBX").field(std::to_string(++set_id_)).field(type).field();
  }
  void finish() {
    e_.field_at(11).text("F").field_at(14).text(time_);
    if (ev_.device.empty()) return;
    e_.field_at(18);
    if (is_eui64(ev_.device)) {
      e_.component().component(ev_.device).component("EUI-64");
    } else {
      e_.text(ev_.device);
    }
  }

  Encoder& e_;
  const model::AdministrationEvent& ev_;
  const std::string& time_;
  int set_id_ = 0;
};

}  // namespace

std::string build_ras_o17(const model::AdministrationEvent& event, const OutboundHeader& header) {
  if (event.session_id.empty()) {
    throw std::invalid_argument("an administration report needs the session id");
  }
  if (event.placer.value.empty()) {
    throw std::invalid_argument("an administration report needs the placer order number");
  }
  const std::string time = event.time.empty() ? header.message_time : dtm(event.time, "event time");
  Encoder e;
  write_msh(e, header, "RAS", "O17", "RAS_O17");
  write_pid(e, event.patient_id);
  write_pv1(e, event.visit_number);
  e.segment("ORC").field("RE").field();
  write_ei(e, event.placer);
  e.field().text(event.plan_id.empty() ? event.session_id : event.plan_id);
  e.component(header.sending_application);
  e.field_at(9).text(time);
  write_rxa(e, event, time);
  write_route(e);
  ObxWriter obx(e, event, time);
  if (!event.volume_delivered.unit.empty()) {
    obx.numeric("157993", "MDC_VOL_FLUID_DELIV_TOTAL", in_unit(event.volume_delivered, "mL"));
  }
  if (event.rate) obx.numeric("157784", "MDC_FLOW_FLUID_PUMP", in_unit(*event.rate, "mL/h"));
  if (event.dose_rate) {
    obx.numeric("157924", "MDC_RATE_DOSE", in_unit(*event.dose_rate, "mg/h"));
  }
  for (const std::string& deviation : event.deviations) obx.note(deviation);
  return e.finish();
}

}  // namespace titrate::outbound::hl7v2
