#include "pump-control/pump_control_module.h"

#include <gtest/gtest.h>

#include "fake_bus.h"
#include "pump_events_support.h"

namespace titrate::pump_control {
namespace {

using model::AdministrationAction;
using model::OrderState;
using model::PumpEventKind;
using model::SessionState;
using namespace test;

constexpr int64_t kNow = 1'795'248'000'000'000;  // 2026-11-21T08:00:00Z

class PumpControlModuleTest : public ::testing::Test {
 protected:
  PumpControlModuleTest() : module_(make_config(), programmer_, [] { return kNow; }) {
    subscription_ = module_.subscription(topics_);
  }

  static PumpControlConfig make_config() {
    PumpControlConfig c = default_pump_control_config();
    c.pumps.push_back({kPump, PumpKind::kLvp, "INFUSION^CHAIR1", "chair 1"});
    c.pumps.push_back({"0012210000000009", PumpKind::kLvp, "ICU", "icu"});
    return c;
  }

  void deliver(std::string type, std::string event_id, std::string body) {
    bus::Event e;
    e.type = std::move(type);
    e.event_id = std::move(event_id);
    e.key = "urn:oid:1.2.3|MRN1";
    e.body = std::move(body);
    subscription_.handler(e, context_);
  }
  void plan(const model::DosingPlan& p, const std::string& event_id = "j1/order/0/plan") {
    deliver("dosing-plan", event_id, model::to_json(p));
  }
  void pump(const model::PumpEvent& e, const std::string& event_id) {
    deliver("pump-event", event_id, model::to_json(e));
  }
  void order_status(OrderState state) {
    model::OrderStatusUpdate s;
    s.placer = ketamine_plan().placer;
    s.patient_id = ketamine_plan().patient_id;
    s.state = state;
    deliver("order-status", "j9/status", model::to_json(s));
  }
  // A PCD-10 event naming our program in OBR-2.
  model::PumpEvent ours(model::PumpEvent e) {
    e.program_id = program_id_for(ketamine_plan().plan_id);
    return e;
  }
  std::string session_id() const {
    return "pump-session/" + program_id_for(ketamine_plan().plan_id);
  }
  std::vector<std::string> alert_codes() const {
    std::vector<std::string> out;
    for (const model::Alert& a : context_.alerts()) out.push_back(a.code);
    return out;
  }
  size_t count(const std::vector<std::string>& codes, const std::string& code) const {
    return std::count(codes.begin(), codes.end(), code);
  }

  bus::Topics topics_;
  FakeProgrammer programmer_;
  FakeContext context_;
  PumpControlModule module_;
  bus::Subscription subscription_;
};

TEST_F(PumpControlModuleTest, SubscribesTheGroupToItsTopics) {
  EXPECT_EQ(subscription_.group, "titrate-pump-control");
  EXPECT_EQ(subscription_.topics,
            (std::vector<std::string>{topics_.plans, topics_.pump_events, topics_.order_status}));
}

TEST_F(PumpControlModuleTest, PlanIsBoundByLocationAndProgrammed) {
  plan(ketamine_plan());
  ASSERT_EQ(programmer_.calls.size(), 1u);
  const PumpProgram& call = programmer_.calls[0];
  EXPECT_EQ(call.device, kPump);
  EXPECT_LE(call.program_id.size(), 20u);
  EXPECT_EQ(call.program_id, program_id_for(ketamine_plan().plan_id));
  EXPECT_EQ(call.control_id, control_id_for(ketamine_plan().plan_id));
  EXPECT_NE(call.program_id, call.control_id);
  EXPECT_EQ(call.plan, ketamine_plan());
  const auto statuses = context_.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].state, OrderState::kProgrammed);
  EXPECT_EQ(statuses[0].plan_id, ketamine_plan().plan_id);
  const bus::Event* out = context_.of_type("order-status")[0];
  EXPECT_EQ(out->event_id, "j1/order/0/plan/status");
  EXPECT_EQ(out->key, bus::patient_key(ketamine_plan().patient_id));
  EXPECT_EQ(context_.published[0].topic, topics_.order_status);
}

TEST_F(PumpControlModuleTest, RedeliveredPlanDoesNotReprogram) {
  plan(ketamine_plan());
  plan(ketamine_plan());
  EXPECT_EQ(programmer_.calls.size(), 1u);
  EXPECT_EQ(context_.statuses().size(), 1u);
}

TEST_F(PumpControlModuleTest, PlanNamingARegisteredDeviceGoesThere) {
  model::DosingPlan p = ketamine_plan();
  p.device = "0012210000000009";
  plan(p);
  ASSERT_EQ(programmer_.calls.size(), 1u);
  EXPECT_EQ(programmer_.calls[0].device, "0012210000000009");
}

TEST_F(PumpControlModuleTest, NoPumpHoldsThePlanAndAlerts) {
  model::DosingPlan p = ketamine_plan();
  p.location = "ONCOLOGY^4^1";
  plan(p);
  EXPECT_TRUE(programmer_.calls.empty());
  const auto statuses = context_.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].state, OrderState::kHeld);
  ASSERT_EQ(statuses[0].reasons.size(), 1u);
  EXPECT_EQ(statuses[0].reasons[0].code, "no-pump");
  EXPECT_EQ(alert_codes(), std::vector<std::string>{"program-failed"});
  // Redelivery: still nothing programmed, nothing published again.
  plan(p);
  EXPECT_EQ(context_.statuses().size(), 1u);
}

TEST_F(PumpControlModuleTest, APumpReportingFromTheLocationLaterTakesTheWaitingPlan) {
  model::DosingPlan p = ketamine_plan();
  p.location = "ONCOLOGY^4^1";
  plan(p);
  ASSERT_TRUE(programmer_.calls.empty());

  model::PumpEvent elsewhere;  // a pump at another bed binds nothing
  elsewhere.kind = PumpEventKind::kPumpStatus;
  elsewhere.device = "00122100000000B1";
  elsewhere.location = "ONCOLOGY^5^1";
  pump(elsewhere, "j7/pump/0");
  EXPECT_TRUE(programmer_.calls.empty());

  model::PumpEvent status = elsewhere;  // a pump whose key is a prefix of the plan's location
  status.device = "00122100000000B2";
  status.location = "ONCOLOGY^4";
  pump(status, "j8/pump/0");
  ASSERT_EQ(programmer_.calls.size(), 1u);
  EXPECT_EQ(programmer_.calls[0].device, "00122100000000B2");
  const auto statuses = context_.statuses();
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[1].state, OrderState::kProgrammed);
  EXPECT_EQ(context_.of_type("order-status")[1]->event_id,
            "j8/pump/0/waiting/" + p.plan_id + "/status");

  pump(status, "j9/pump/0");  // the plan waits no more: nothing is programmed twice
  EXPECT_EQ(programmer_.calls.size(), 1u);
}

TEST_F(PumpControlModuleTest, PumpRejectionCarriesTheErr5Code) {
  programmer_.next = {ProgramResult::Outcome::kRejected, "9024",
                      "Drug library hard limit exceeded"};
  plan(ketamine_plan());
  const auto statuses = context_.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].state, OrderState::kProgramRejected);
  const model::Reason& r = statuses[0].reasons.at(0);
  EXPECT_EQ(r.code, "pump-rejected");
  EXPECT_EQ(r.detail.system, "urn:ihe:pcd:piv:error");
  EXPECT_EQ(r.detail.code, "9024");
  EXPECT_EQ(r.detail.display, "Drug library hard limit exceeded");
  EXPECT_TRUE(alert_codes().empty());
}

TEST_F(PumpControlModuleTest, UnreachablePumpRejectsAndAlerts) {
  programmer_.next = {ProgramResult::Outcome::kUnreachable, "", "connection refused"};
  plan(ketamine_plan());
  const auto statuses = context_.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].reasons.at(0).code, "pump-unreachable");
  EXPECT_EQ(alert_codes(), std::vector<std::string>{"program-failed"});
  plan(ketamine_plan());
  EXPECT_EQ(programmer_.calls.size(), 1u);
}

TEST_F(PumpControlModuleTest, RrgRejectAfterAcceptUpdatesTheStatus) {
  plan(ketamine_plan());
  model::PumpEvent rrg;
  rrg.kind = PumpEventKind::kProgramRejected;
  rrg.program_id = control_id_for(ketamine_plan().plan_id);  // MSA-2 echoes our MSH-10
  rrg.reject_code = "9023";
  rrg.reject_text = "Rejected by user";
  rrg.message_type = "RRG^O16";
  pump(rrg, "j2/pcd/0");
  const auto statuses = context_.statuses();
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[1].state, OrderState::kProgramRejected);
  EXPECT_EQ(statuses[1].reasons.at(0).detail.code, "9023");
  // The programmed session is gone: a START now is a start without plan.
  pump(start(at(1), "c1", "60.0"), "j3/pcd/0");
  EXPECT_EQ(count(alert_codes(), "start-without-plan"), 1u);
}

TEST_F(PumpControlModuleTest, RrgAcceptAfterUnreachableProgramsTheSession) {
  programmer_.next = {ProgramResult::Outcome::kUnreachable, "", "timeout"};
  plan(ketamine_plan());
  model::PumpEvent rrg;
  rrg.kind = PumpEventKind::kProgramAccepted;
  rrg.program_id = program_id_for(ketamine_plan().plan_id);
  pump(rrg, "j2/pcd/0");
  const auto statuses = context_.statuses();
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[1].state, OrderState::kProgrammed);
  // A second AA (ACK CA then RRG AA) publishes nothing more.
  pump(rrg, "j3/pcd/0");
  EXPECT_EQ(context_.statuses().size(), 2u);
}

TEST_F(PumpControlModuleTest, SessionLifecycleWithRateChangeAndCompletion) {
  model::DosingPlan second_of_six = ketamine_plan();
  second_of_six.infusion_number = 2;
  second_of_six.series_total = 6;
  plan(second_of_six);
  pump(ours(start(at(0), "c1", "60.0")), "j2/pcd/0");
  pump(ours(stop(at(10), "c2", "10.0", true)), "j3/pcd/0");
  pump(ours(start(at(10), "c3", "58.0")), "j4/pcd/0");
  model::PumpEvent comp = ours(pump_event(PumpEventKind::kDeliveryComplete, at(40), "c4"));
  comp.volume_infused = q("39.5", "mL");
  pump(comp, "j5/pcd/0");

  const auto admins = context_.administrations();
  ASSERT_EQ(admins.size(), 3u);
  EXPECT_EQ(admins[0].action, AdministrationAction::kStart);
  EXPECT_EQ(admins[1].action, AdministrationAction::kRateChange);
  EXPECT_EQ(admins[2].action, AdministrationAction::kComplete);
  EXPECT_EQ(admins[2].state, SessionState::kCompleted);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(admins[i].sequence, i + 1);
  EXPECT_EQ(admins[0].session_id, session_id());
  EXPECT_EQ(context_.of_type("administration")[2]->event_id, session_id() + "/3");
  EXPECT_EQ(admins[2].volume_delivered, q("39.5", "mL"));
  EXPECT_EQ(admins[2].dose_delivered, q("39.5", "mg"));
  EXPECT_EQ(admins[1].rate, q("58.0", "mL/h"));
  EXPECT_EQ(admins[1].dose_rate, q("58.0", "mg/h"));
  EXPECT_EQ(admins[2].planned_volume, q("40.0", "mL"));
  EXPECT_EQ(admins[2].planned_dose, q("40", "mg"));
  EXPECT_EQ(admins[2].infusion_number, 2);
  EXPECT_EQ(admins[2].series_total, 6);
  EXPECT_EQ(admins[2].started, at(0));
  EXPECT_EQ(admins[2].placer, ketamine_plan().placer);
  const auto statuses = context_.statuses();
  EXPECT_EQ(statuses.back().state, OrderState::kCompleted);
  EXPECT_TRUE(alert_codes().empty());
}

TEST_F(PumpControlModuleTest, PausedAndResumedThroughPcd10) {
  plan(ketamine_plan());
  pump(ours(start(at(0), "c1", "60.0")), "j2/pcd/0");
  pump(ours(stop(at(5), "c2", "5.0")), "j3/pcd/0");
  pump(ours(start(at(8), "c3", "60.0")), "j4/pcd/0");
  const auto admins = context_.administrations();
  ASSERT_EQ(admins.size(), 3u);
  EXPECT_EQ(admins[1].action, AdministrationAction::kPause);
  EXPECT_EQ(admins[1].state, SessionState::kPaused);
  EXPECT_EQ(admins[2].action, AdministrationAction::kResume);
}

TEST_F(PumpControlModuleTest, DuplicatePumpMessagesAreIgnored) {
  plan(ketamine_plan());
  const model::PumpEvent e = ours(start(at(0), "c1", "60.0"));
  pump(e, "j2/pcd/0");
  const size_t published = context_.published.size();
  pump(e, "j7/pcd/0");  // the same PCD-10 message journaled again
  EXPECT_EQ(context_.published.size(), published);
}

TEST_F(PumpControlModuleTest, OutOfOrderEventDoesNotUndoAPause) {
  plan(ketamine_plan());
  pump(ours(start(at(0), "c1", "60.0")), "j2/pcd/0");
  pump(ours(stop(at(10), "c3", "10.0")), "j3/pcd/0");
  pump(ours(start(at(5), "c2", "60.0")), "j4/pcd/0");  // late
  const auto admins = context_.administrations();
  ASSERT_EQ(admins.size(), 2u);
  EXPECT_EQ(admins[1].action, AdministrationAction::kPause);
}

TEST_F(PumpControlModuleTest, StartWithoutPlanIsTrackedAndAlertedOnce) {
  model::PumpEvent e = start(at(0), "c1", "60.0");
  e.device = "UNKNOWN-PUMP";
  pump(e, "j2/pcd/0");
  e.control_id = "c2";
  e.time = at(1);
  pump(e, "j3/pcd/0");
  EXPECT_EQ(alert_codes(), std::vector<std::string>{"start-without-plan"});
  const auto admins = context_.administrations();
  ASSERT_EQ(admins.size(), 1u);
  EXPECT_EQ(admins[0].action, AdministrationAction::kStart);
  EXPECT_TRUE(admins[0].plan_id.empty());
  EXPECT_EQ(admins[0].dose_delivered, model::Quantity{});  // no concentration known
  model::PumpEvent comp = pump_event(PumpEventKind::kDeliveryComplete, at(30), "c3");
  comp.device = "UNKNOWN-PUMP";
  pump(comp, "j4/pcd/0");
  EXPECT_EQ(context_.administrations().back().action, AdministrationAction::kComplete);
  // No plan: no order status.
  EXPECT_TRUE(context_.statuses().empty());
}

TEST_F(PumpControlModuleTest, DeviationAlertsOncePerSession) {
  plan(ketamine_plan());
  pump(ours(start(at(0), "c1", "80.0")), "j2/pcd/0");
  pump(status(at(1), "c2", "pump-status-infusing", "80.0", "1.3"), "j3/pcd/0");
  pump(status(at(50), "c3", "pump-status-infusing", "80.0", "46.0"), "j4/pcd/0");
  pump(status(at(51), "c4", "pump-status-infusing", "80.0", "47.0"), "j5/pcd/0");
  const auto codes = alert_codes();
  EXPECT_EQ(count(codes, "rate-mismatch"), 1u);
  EXPECT_EQ(count(codes, "volume-beyond-vtbi"), 1u);
  EXPECT_EQ(count(codes, "duration-beyond-plan"), 1u);
  for (const model::Alert& a : context_.alerts()) {
    EXPECT_EQ(a.alert_id, session_id() + "/alert/" + a.code);
    EXPECT_EQ(a.session_id, session_id());
    EXPECT_EQ(a.plan_id, ketamine_plan().plan_id);
  }
  const model::Alert rate = context_.alerts()[0];
  EXPECT_EQ(rate.observed, q("80.0", "mL/h"));
  EXPECT_EQ(rate.threshold, q("66.0", "mL/h"));
  // Later administrations carry the deviations.
  pump(ours(stop(at(52), "c5", "47.5")), "j6/pcd/0");
  EXPECT_EQ(context_.administrations().back().deviations.size(), 3u);
}

TEST_F(PumpControlModuleTest, PumpStatusEmitsDeviceObservationsLinkedToTheSession) {
  plan(ketamine_plan());
  pump(ours(start(at(0), "c1", "60.0")), "j2/pcd/0");
  pump(status(at(1), "c2", "pump-status-infusing", "60.0", "1.0"), "j3/pcd/0");
  const auto obs = context_.observations();
  ASSERT_EQ(obs.size(), 2u);  // rate and volume infused
  EXPECT_EQ(obs[0].category, "device");
  EXPECT_EQ(obs[0].code.codings[0].code, "157784");
  EXPECT_EQ(obs[0].session_id, session_id());
  EXPECT_EQ(obs[0].observation_id, "j3/pcd/0/device/157784");
  EXPECT_EQ(obs[1].code.codings[0].code, "157993");
}

TEST_F(PumpControlModuleTest, OcclusionAlarmAlertsAndPauses) {
  plan(ketamine_plan());
  pump(ours(start(at(0), "c1", "60.0")), "j2/pcd/0");
  model::PumpEvent alarm = pump_event(PumpEventKind::kAlarm, at(3), "c2");
  alarm.event_code = {"urn:iso:std:iso:11073:10101", "196940", "MDC_EVT_FLUID_LINE_OCCL"};
  alarm.alarm_priority = "PH";
  pump(alarm, "j3/pcd/0");
  const auto alerts = context_.alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].code, "pump-alarm");
  EXPECT_EQ(alerts[0].severity, "high");
  EXPECT_NE(alerts[0].message.find("196940"), std::string::npos);
  EXPECT_EQ(alerts[0].session_id, session_id());
  EXPECT_EQ(context_.administrations().back().action, AdministrationAction::kPause);
}

model::PumpEvent monitor(model::DateTime t, const char* control_id, const char* spo2) {
  model::PumpEvent e = pump_event(PumpEventKind::kVitals, t, control_id);
  e.device = "MONITOR-1";
  e.channel.clear();
  model::DeviceReading r;
  r.code.codings.push_back({"urn:iso:std:iso:11073:10101", "150456", "MDC_PULS_OXIM_SAT_O2"});
  r.value = q(spo2, "%");
  e.readings.push_back(r);
  return e;
}

TEST_F(PumpControlModuleTest, VitalsBecomeObservationsAndAlertOnceUntilRecovered) {
  plan(ketamine_plan());
  pump(ours(start(at(0), "c1", "60.0")), "j2/pcd/0");
  pump(monitor(at(1), "m1", "95"), "j3/pcd/0");
  pump(monitor(at(2), "m2", "90"), "j4/pcd/0");
  pump(monitor(at(3), "m3", "89"), "j5/pcd/0");  // still low: no second alert
  pump(monitor(at(4), "m4", "92"), "j6/pcd/0");  // at the threshold: recovered
  pump(monitor(at(5), "m5", "91"), "j7/pcd/0");  // low again: alert again
  const auto obs = context_.observations();
  ASSERT_EQ(obs.size(), 5u);
  EXPECT_EQ(obs[0].category, "vital-signs");
  EXPECT_EQ(obs[0].session_id, session_id());
  const auto alerts = context_.alerts();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].code, "vital-sign");
  EXPECT_EQ(alerts[0].action, model::AlertAction::kPause);
  EXPECT_EQ(alerts[0].rule, "/vitals/spo2_low");
  EXPECT_EQ(alerts[0].alert_id, "j4/pcd/0/alert/spo2_low");
  EXPECT_EQ(alerts[0].observed, q("90", "%"));
  EXPECT_EQ(alerts[0].threshold, q("92", "%"));
  EXPECT_EQ(alerts[0].session_id, session_id());
  EXPECT_EQ(alerts[1].alert_id, "j7/pcd/0/alert/spo2_low");
}

TEST_F(PumpControlModuleTest, DiscontinuedWhileRunningStopsTheSession) {
  plan(ketamine_plan());
  pump(ours(start(at(0), "c1", "60.0")), "j2/pcd/0");
  order_status(OrderState::kDiscontinued);
  const auto admins = context_.administrations();
  ASSERT_EQ(admins.size(), 2u);
  EXPECT_EQ(admins[1].action, AdministrationAction::kStop);
  EXPECT_EQ(admins[1].state, SessionState::kStopped);
  const auto alerts = context_.alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].code, "order-discontinued");
  EXPECT_EQ(alerts[0].action, model::AlertAction::kPause);
  // The session is over: a later stop from the pump moves nothing.
  pump(ours(stop(at(12), "c2", "12.0")), "j3/pcd/0");
  EXPECT_EQ(context_.administrations().size(), 2u);
}

TEST_F(PumpControlModuleTest, CancelledBeforeStartAbortsTheProgrammedSession) {
  plan(ketamine_plan());
  order_status(OrderState::kCancelled);
  EXPECT_TRUE(context_.administrations().empty());
  EXPECT_EQ(alert_codes(), std::vector<std::string>{"order-discontinued"});
  EXPECT_EQ(context_.alerts()[0].action, model::AlertAction::kNotify);
}

TEST_F(PumpControlModuleTest, OnHoldWhileRunningAsksForAPauseOnce) {
  plan(ketamine_plan());
  pump(ours(start(at(0), "c1", "60.0")), "j2/pcd/0");
  order_status(OrderState::kOnHold);
  order_status(OrderState::kOnHold);
  EXPECT_EQ(alert_codes(), std::vector<std::string>{"order-on-hold"});
  EXPECT_EQ(context_.alerts()[0].action, model::AlertAction::kPause);
  EXPECT_EQ(context_.administrations().size(), 1u);
}

TEST_F(PumpControlModuleTest, LearnedDevicesAreBoundByLocation) {
  model::PumpEvent seen = status(at(0), "c1", "pump-status-not-infusing", "0", "0");
  seen.device = "LEARNED-PUMP";
  seen.location = "WARD7^12^1";
  pump(seen, "j1/pcd/0");
  model::DosingPlan p = ketamine_plan();
  p.location = "WARD7^12^1";
  plan(p);
  ASSERT_EQ(programmer_.calls.size(), 1u);
  EXPECT_EQ(programmer_.calls[0].device, "LEARNED-PUMP");
}

TEST_F(PumpControlModuleTest, UnreadableBodiesAreSkipped) {
  deliver("pump-event", "j1/pcd/0", "{not json");
  deliver("dosing-plan", "j2/plan", "{}");
  deliver("patient-context", "j3/patient", "{}");
  EXPECT_TRUE(context_.published.empty());
  EXPECT_TRUE(programmer_.calls.empty());
}

}  // namespace
}  // namespace titrate::pump_control
