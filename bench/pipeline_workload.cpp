#include "bench/pipeline_workload.h"

#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>

#include "gateway/clock/utc_time.h"
#include "gateway/model/model_json.h"

namespace titrate::bench {
namespace {

constexpr int64_t kMinuteUs = 60'000'000;
constexpr const char* kRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
constexpr const char* kMdc = "urn:iso:std:iso:11073:10101";

std::string numbered(const char* prefix, int n) {
  std::string text(prefix);
  text += std::to_string(n);
  return text;
}

model::Identifier patient_id(int patient) {
  return model::Identifier{"urn:oid:2.16.840.1.113883.3.9999", numbered("MRN", patient), "MR", ""};
}

model::Quantity quantity(int64_t mantissa, int32_t scale, const char* unit) {
  return model::Quantity{model::Decimal{mantissa, scale}, unit};
}

model::Quantity scaled(const model::Quantity& q, double factor, int32_t scale) {
  return model::Quantity{model::Decimal::from_double(q.value.to_double() * factor, scale), q.unit};
}

bus::Event envelope(std::string_view type, std::string event_id, const model::Identifier& patient,
                    const char* channel, std::string control_id, int64_t now_us, std::string body) {
  bus::Event e;
  e.type = std::string(type);
  e.event_id = std::move(event_id);
  e.key = bus::patient_key(patient);
  e.source.channel = channel;
  e.source.control_id = std::move(control_id);
  e.source.format = "hl7v2";
  e.time.value = clock::iso8601_utc(now_us);
  e.body = std::move(body);
  return e;
}

}  // namespace

bus::Event patient_event(int patient, int64_t now_us) {
  model::PatientContext p;
  p.event = model::PatientContext::Event::kAdmit;
  p.patient_id = patient_id(patient);
  p.identifiers.push_back(p.patient_id);
  p.visit = model::Visit{};
  p.visit->patient_class = "AMB";
  p.visit->location = model::Location{"INFUSION", numbered("CHAIR", patient), "1", ""};
  model::BodyMeasurement weight;
  weight.kind = model::BodyMeasurement::Kind::kWeight;
  weight.value = quantity(60 + patient % 41, 0, "kg");
  weight.reported = weight.value;
  weight.effective.value = clock::iso8601_utc(now_us - 60 * kMinuteUs);
  weight.status = "final";
  p.measurements.push_back(std::move(weight));
  return envelope(bus::event_type::kPatientContext, numbered("j", patient) + "/patient",
                  p.patient_id, "ehr-mllp", numbered("ADT", patient), now_us, model::to_json(p));
}

bus::Event order_event(int patient, int64_t now_us) {
  model::InfusionOrder o;
  o.action = model::OrderAction::kNew;
  o.placer =
      model::Identifier{"urn:oid:2.16.840.1.113883.3.9999.1", numbered("ORD", patient), "PLAC", ""};
  o.patient_id = patient_id(patient);
  o.medication.codings.push_back(model::Coding{kRxNorm, "6130", "ketamine"});
  o.dose = quantity(5, 1, "mg/kg");
  o.timing.duration = quantity(40, 0, "min");
  o.concentration = model::Ratio{quantity(1, 0, "mg"), quantity(1, 0, "mL")};
  o.care_area = "mental-health";
  o.authored.value = clock::iso8601_utc(now_us - 5 * kMinuteUs);
  return envelope(bus::event_type::kInfusionOrder, numbered("j", patient) + "/order/0",
                  o.patient_id, "ehr-mllp", numbered("RDE", patient), now_us, model::to_json(o));
}

pump_control::PumpControlConfig pump_registry(int patients) {
  pump_control::PumpControlConfig config = pump_control::default_pump_control_config();
  config.pumps.reserve(patients);
  for (int i = 0; i < patients; ++i) {
    char id[17];
    std::snprintf(id, sizeof id, "00122100%08x", static_cast<unsigned>(i));
    config.pumps.push_back({id, pump_control::PumpKind::kLvp, "INFUSION^" + numbered("CHAIR", i),
                            numbered("chair ", i)});
  }
  return config;
}

pump_control::ProgramResult InstantProgrammer::program(const pump_control::PumpProgram& program) {
  std::lock_guard lock(mutex_);
  programs_.push_back(program);
  return {pump_control::ProgramResult::Outcome::kAccepted, "", ""};
}

std::vector<pump_control::PumpProgram> InstantProgrammer::programs() const {
  std::lock_guard lock(mutex_);
  return programs_;
}

namespace {

struct SessionEvents {
  model::PumpEvent start, status, change, complete;
};

SessionEvents session_events(const pump_control::PumpProgram& program, int64_t start_us,
                             bool with_location) {
  const model::DosingPlan& plan = program.plan;
  const model::Quantity& rate = plan.infusion_rate.value;
  model::PumpEvent base;
  base.device = program.device;
  base.device_kind = "70049";
  base.channel = "1.1.2.0";
  base.patient_id = plan.patient_id;
  if (with_location) base.location = plan.location;
  base.program_id = program.program_id;
  base.message_type = "ORU^R42";

  auto at = [&](int minute) {
    return model::DateTime{clock::iso8601_utc(start_us + minute * kMinuteUs)};
  };
  SessionEvents s;
  s.start = base;
  s.start.kind = model::PumpEventKind::kDeliveryStart;
  s.start.event_code = {kMdc, "197288", "MDC_EVT_PUMP_DELIV_START"};
  s.start.delivery_status = "pump-delivery-status-delivering";
  s.start.infusing_status = "pump-status-infusing";
  s.start.time = at(0);
  s.start.rate = rate;

  s.status = base;
  s.status.kind = model::PumpEventKind::kPumpStatus;
  s.status.channel.clear();
  s.status.message_type = "ORU^R01";
  s.status.infusing_status = "pump-status-infusing";
  s.status.time = at(10);
  s.status.rate = rate;
  s.status.volume_infused = scaled(rate, 10.0 / 60.0, 1);
  s.status.volume_infused->unit = "mL";

  s.change = s.start;
  s.change.time = at(20);
  s.change.rate = scaled(rate, 0.95, 2);

  s.complete = base;
  s.complete.kind = model::PumpEventKind::kDeliveryComplete;
  s.complete.event_code = {kMdc, "", "MDC_EVT_PUMP_DELIV_COMP"};
  s.complete.delivery_status = "pump-delivery-status-not-delivering";
  s.complete.time = at(40);
  s.complete.volume_infused = plan.vtbi.value;
  return s;
}

std::vector<bus::Event> envelopes(std::initializer_list<model::PumpEvent*> events,
                                  const model::DosingPlan& plan, int session, int64_t start_us) {
  std::vector<bus::Event> out;
  int k = 0;
  for (model::PumpEvent* e : events) {
    std::string control_id = numbered("PCD", session) + "-" + std::to_string(k);
    e->control_id = control_id;
    out.push_back(envelope(bus::event_type::kPumpEvent,
                           numbered("p", session) + "/pcd/" + std::to_string(k), plan.patient_id,
                           "pump-mllp", std::move(control_id), start_us, model::to_json(*e)));
    ++k;
  }
  return out;
}

}  // namespace

std::vector<bus::Event> session_telemetry(const pump_control::PumpProgram& program, int session,
                                          int64_t start_us, bool with_location) {
  SessionEvents s = session_events(program, start_us, with_location);
  return envelopes({&s.start, &s.status, &s.change, &s.complete}, program.plan, session, start_us);
}

std::vector<bus::Event> start_and_complete(const pump_control::PumpProgram& program, int session,
                                           int64_t start_us, bool with_location) {
  SessionEvents s = session_events(program, start_us, with_location);
  return envelopes({&s.start, &s.complete}, program.plan, session, start_us);
}

}  // namespace titrate::bench
