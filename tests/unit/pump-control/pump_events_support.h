#pragma once

#include <string>

#include "gateway/model/dosing_plan.h"
#include "gateway/model/pump_event.h"

// Builders for the pump events and plans the tests feed pump control.
namespace titrate::pump_control::test {

inline constexpr const char* kPump = "0012210000000001";
inline constexpr const char* kChannel = "1.1.2.0";

// "2026-11-21T08:MM:SSZ"
inline model::DateTime at(int minute, int second = 0) {
  char text[32];
  std::snprintf(text, sizeof text, "2026-11-21T%02d:%02d:%02dZ", 8 + minute / 60, minute % 60,
                second);
  return model::DateTime{text};
}

inline model::Quantity q(const char* value, const char* unit) {
  return model::Quantity{*model::Decimal::parse(value), unit};
}

inline model::PumpEvent pump_event(model::PumpEventKind kind, model::DateTime time,
                                   const char* control_id) {
  model::PumpEvent e;
  e.kind = kind;
  e.device = kPump;
  e.device_kind = "70049";
  e.channel = kChannel;
  e.time = std::move(time);
  e.control_id = control_id;
  e.patient_id = model::Identifier{"urn:oid:1.2.3", "MRN1", "MR", ""};
  e.location = "INFUSION^CHAIR1^1";
  switch (kind) {
    case model::PumpEventKind::kDeliveryStart:
      e.event_code = {"urn:iso:std:iso:11073:10101", "197288", "MDC_EVT_PUMP_DELIV_START"};
      e.delivery_status = "pump-delivery-status-delivering";
      e.infusing_status = "pump-status-infusing";
      break;
    case model::PumpEventKind::kDeliveryStop:
      e.event_code = {"urn:iso:std:iso:11073:10101", "", "MDC_EVT_PUMP_DELIV_STOP"};
      e.delivery_status = "pump-delivery-status-not-delivering";
      e.not_delivering_reason = "pump-stopped-by-clinician";
      break;
    case model::PumpEventKind::kDeliveryComplete:
      e.event_code = {"urn:iso:std:iso:11073:10101", "", "MDC_EVT_PUMP_DELIV_COMP"};
      e.delivery_status = "pump-delivery-status-not-delivering";
      break;
    default:
      break;
  }
  return e;
}

inline model::PumpEvent start(model::DateTime time, const char* control_id, const char* rate) {
  model::PumpEvent e = pump_event(model::PumpEventKind::kDeliveryStart, time, control_id);
  e.rate = q(rate, "mL/h");
  return e;
}

inline model::PumpEvent stop(model::DateTime time, const char* control_id, const char* volume,
                             bool transitioning = false) {
  model::PumpEvent e = pump_event(model::PumpEventKind::kDeliveryStop, time, control_id);
  e.volume_infused = q(volume, "mL");
  if (transitioning) {
    e.delivery_status = "pump-delivery-status-transitioning";
    e.not_delivering_reason.clear();
  }
  return e;
}

inline model::PumpEvent status(model::DateTime time, const char* control_id, const char* infusing,
                               const char* rate, const char* volume) {
  model::PumpEvent e = pump_event(model::PumpEventKind::kPumpStatus, time, control_id);
  e.channel.clear();
  e.infusing_status = infusing;
  e.rate = q(rate, "mL/h");
  e.volume_infused = q(volume, "mL");
  return e;
}

// 40 mg ketamine over 40 min at 1 mg/mL: 60 mL/h, VTBI 40 mL.
inline model::DosingPlan ketamine_plan() {
  model::DosingPlan p;
  p.plan_id = "urn:oid:9.9|ORD1#v1#1";
  p.placer = model::Identifier{"urn:oid:9.9", "ORD1", "PLAC", ""};
  p.patient_id = model::Identifier{"urn:oid:1.2.3", "MRN1", "MR", ""};
  p.location = "INFUSION^CHAIR1^1";
  p.medication.codings.push_back(
      {"http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine"});
  p.concentration = model::Ratio{q("500", "mg"), q("500", "mL")};
  p.dose.value = q("40", "mg");
  p.dose_rate.value = q("60", "mg/h");
  p.infusion_rate.value = q("60.0", "mL/h");
  p.vtbi.value = q("40.0", "mL");
  p.duration.value = q("40", "min");
  p.infusion_number = 1;
  p.created = model::DateTime{"2026-11-21T07:55:00Z"};
  return p;
}

}  // namespace titrate::pump_control::test
