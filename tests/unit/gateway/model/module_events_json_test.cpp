#include <gtest/gtest.h>

#include <string>

#include "gateway/model/model_json.h"

// The bus documents of the modules: plans, order status, pump events, administrations,
// observations, alerts.
namespace titrate::model {
namespace {

Quantity q(const char* value, std::string unit) {
  return {*Decimal::parse(value), std::move(unit)};
}

Identifier patient() {
  return {"urn:oid:1.2.3", "P100", "MR", "HOSP"};
}

PlanValue plan_value(const char* value, std::string unit, std::string rule) {
  return {q(value, std::move(unit)), std::move(rule), {{"weight", q("80.0", "kg"), "observation"}}};
}

DosingPlan full_plan() {
  DosingPlan p;
  p.plan_id = "urn:oid:1.2|ORD1#v1#1";
  p.placer = {"urn:oid:1.2", "ORD1", "PLAC", ""};
  p.patient_id = patient();
  p.location = "INF^CHAIR3^1";
  p.device = "0012210000000000";
  p.medication = {{{"http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine"}}, ""};
  p.library_entry = "ketamine-mh-1mgml";
  p.care_area = "mental-health";
  p.dosing_basis = "mg/kg";
  p.concentration = {q("1", "mg"), q("1", "mL")};
  p.weight = plan_value("80.0", "kg", "latest weight within 720 h");
  p.dose = plan_value("40.00", "mg", "dose = 0.5 mg/kg × weight");
  p.dose_rate = plan_value("60.00", "mg/h", "dose ÷ duration");
  p.infusion_rate = plan_value("60.0", "mL/h", "dose rate ÷ concentration, to 0.1 mL/h");
  p.vtbi = plan_value("40.0", "mL", "dose ÷ concentration");
  p.duration = plan_value("40", "min", "order TQ1-13");
  p.infusion_number = 2;
  p.series_total = 6;
  p.overridden = {{"soft-limit", "dose above soft maximum", "/entries/0/limits/dose/soft_max",
                   {}}};
  p.override_by = LimitOverride{{{"", "N0001", "", ""}, {"Grey", {"M"}, "", "", ""}},
                                "clinician reviewed",
                                {"2026-11-21T08:00:00Z"}};
  p.created = {"2026-11-21T08:01:00Z"};
  return p;
}

TEST(ModuleEventsJson, DosingPlanRoundTrips) {
  const DosingPlan plan = full_plan();
  ModelJsonError error;
  EXPECT_EQ(dosing_plan_from_json(to_json(plan), &error), plan) << error.to_string();
  EXPECT_NE(to_json(plan).find("\"dose\":{\"value\":{\"value\":40.00,\"unit\":\"mg\"}"),
            std::string::npos)
      << to_json(plan);
}

TEST(ModuleEventsJson, OrderStatusRoundTripsEveryState) {
  for (auto state : {OrderState::kAccepted, OrderState::kHeld, OrderState::kRejected,
                     OrderState::kCancelled, OrderState::kDiscontinued, OrderState::kOnHold,
                     OrderState::kProgrammed, OrderState::kProgramRejected,
                     OrderState::kCompleted}) {
    OrderStatusUpdate s;
    s.state = state;
    s.patient_id = patient();
    s.reasons = {{"contraindication", "matched", "/screening/2",
                  {"http://hl7.org/fhir/sid/icd-10-cm", "F20.9", ""}}};
    EXPECT_EQ(order_status_from_json(to_json(s), nullptr), s) << to_json(s);
  }
  EXPECT_EQ(json_name(OrderState::kProgramRejected), "program-rejected");
}

TEST(ModuleEventsJson, PumpEventRoundTripsEveryKind) {
  for (auto kind : {PumpEventKind::kDeliveryStart, PumpEventKind::kDeliveryStop,
                    PumpEventKind::kDeliveryComplete, PumpEventKind::kPumpStatus,
                    PumpEventKind::kVitals, PumpEventKind::kAlarm,
                    PumpEventKind::kProgramAccepted, PumpEventKind::kProgramRejected,
                    PumpEventKind::kOther}) {
    PumpEvent e;
    e.kind = kind;
    e.device = "0012210000000000";
    e.rate = q("60.0", "mL/h");
    e.volume_infused = q("12.5", "mL");
    e.readings = {{{{{"urn:iso:std:iso:11073:10101", "150456", "MDC_PULS_OXIM_SAT_O2"}}, ""},
                   q("97", "%"),
                   "",
                   "1.3.1.1",
                   {"2026-11-21T08:05:00Z"}}};
    EXPECT_EQ(pump_event_from_json(to_json(e), nullptr), e) << to_json(e);
  }
}

TEST(ModuleEventsJson, AdministrationObservationAlertRoundTrip) {
  for (auto action : {AdministrationAction::kStart, AdministrationAction::kRateChange,
                      AdministrationAction::kPause, AdministrationAction::kResume,
                      AdministrationAction::kComplete, AdministrationAction::kStop,
                      AdministrationAction::kAbort}) {
    AdministrationEvent a;
    a.session_id = "s1";
    a.sequence = 3;
    a.action = action;
    a.state = SessionState::kPaused;
    a.volume_delivered = q("20.0", "mL");
    a.dose_delivered = q("20.0", "mg");
    a.deviations = {"rate differs from plan"};
    EXPECT_EQ(administration_from_json(to_json(a), nullptr), a) << to_json(a);
  }
  ObservationEvent o;
  o.observation_id = "o1";
  o.category = "vital-signs";
  o.components = {{{{{"http://loinc.org", "8480-6", ""}}, ""}, q("182", "mm[Hg]")}};
  EXPECT_EQ(observation_from_json(to_json(o), nullptr), o) << to_json(o);
  Alert alert;
  alert.alert_id = "a1";
  alert.action = AlertAction::kPause;
  alert.observed = q("182", "mm[Hg]");
  alert.threshold = q("180", "mm[Hg]");
  EXPECT_EQ(alert_from_json(to_json(alert), nullptr), alert) << to_json(alert);
  EXPECT_NE(to_json(alert).find("\"action\":\"pause\""), std::string::npos);
}

TEST(ModuleEventsJson, WrongEnumNamesItsPointer) {
  ModelJsonError error;
  EXPECT_FALSE(order_status_from_json(R"({"schema":1,"state":"approved"})", &error));
  EXPECT_EQ(error.pointer, "/state");
  EXPECT_FALSE(pump_event_from_json(R"({"schema":1,"kind":"start","rate":{"value":"x"}})", &error));
  EXPECT_EQ(error.pointer, "/kind");
}

TEST(ModuleEventsJson, OrderCarriesCareAreaDeviceAndOverride) {
  InfusionOrder o;
  o.care_area = "chronic-pain";
  o.device = "PUMP-7";
  LimitOverride override_by;
  override_by.reason = "reviewed";
  override_by.time = {"2026-11-21T09:00:00Z"};
  o.limit_override = override_by;
  EXPECT_EQ(infusion_order_from_json(to_json(o), nullptr), o) << to_json(o);
  MappedMessage m;
  m.pump_events.resize(1);
  m.pump_events[0].kind = PumpEventKind::kAlarm;
  EXPECT_EQ(mapped_message_from_json(to_json(m), nullptr), m) << to_json(m);
}

}  // namespace
}  // namespace titrate::model
