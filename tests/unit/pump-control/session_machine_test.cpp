#include "pump-control/session_machine.h"

#include <gtest/gtest.h>

#include "gateway/clock/date_time.h"
#include "pump-control/pump_state.h"
#include "pump_events_support.h"

namespace titrate::pump_control {
namespace {

using model::AdministrationAction;
using model::PumpEventKind;
using model::SessionState;
using namespace test;

int64_t us(const model::DateTime& t) {
  return clock::parse_date_time(t)->us;
}

StepResult apply(Session& s, const model::PumpEvent& e) {
  return apply_event(s, e, us(e.time));
}

Session programmed() {
  Session s;
  s.session_id = "pump-session/TP1";
  s.device = kPump;
  s.state = SessionState::kProgrammed;
  return s;
}

TEST(SessionMachine, StartPauseResumeComplete) {
  Session s = programmed();
  EXPECT_EQ(apply(s, start(at(0), "c1", "60.0")).action, AdministrationAction::kStart);
  EXPECT_EQ(s.state, SessionState::kRunning);
  EXPECT_EQ(s.started, at(0));
  EXPECT_EQ(s.channel, kChannel);

  EXPECT_EQ(apply(s, stop(at(10), "c2", "10.0")).action, AdministrationAction::kPause);
  EXPECT_EQ(s.state, SessionState::kPaused);
  EXPECT_TRUE(s.paused_by_clinician);
  EXPECT_EQ(s.volume_ml, (model::Decimal{100, 1}));

  EXPECT_EQ(apply(s, start(at(15), "c3", "60.0")).action, AdministrationAction::kResume);
  EXPECT_EQ(s.state, SessionState::kRunning);

  model::PumpEvent comp = pump_event(PumpEventKind::kDeliveryComplete, at(45), "c4");
  comp.volume_infused = q("40.0", "mL");
  EXPECT_EQ(apply(s, comp).action, AdministrationAction::kComplete);
  EXPECT_EQ(s.state, SessionState::kCompleted);
  // 10 min running, 5 paused, 30 running.
  EXPECT_EQ(running_time_us(s, us(at(50))), int64_t{40} * 60'000'000);

  // Terminal: nothing moves it.
  EXPECT_FALSE(apply(s, start(at(50), "c5", "60.0")).action);
  EXPECT_EQ(s.state, SessionState::kCompleted);
}

TEST(SessionMachine, CompletionFromPausedAndFromProgrammed) {
  Session paused = programmed();
  apply(paused, start(at(0), "c1", "60.0"));
  apply(paused, stop(at(30), "c2", "30.0"));
  model::PumpEvent comp = pump_event(PumpEventKind::kDeliveryComplete, at(40), "c3");
  EXPECT_EQ(apply(paused, comp).action, AdministrationAction::kComplete);
  EXPECT_EQ(paused.state, SessionState::kCompleted);
  EXPECT_EQ(running_time_us(paused, us(at(40))), int64_t{30} * 60'000'000);

  // The START was lost: the completion still closes the session.
  Session never_started = programmed();
  EXPECT_EQ(apply(never_started, comp).action, AdministrationAction::kComplete);
  EXPECT_EQ(never_started.state, SessionState::kCompleted);
  EXPECT_EQ(never_started.started, at(40));
}

TEST(SessionMachine, TransitioningStopThenStartIsARateChange) {
  Session s = programmed();
  apply(s, start(at(0), "c1", "60.0"));
  const StepResult stopped = apply(s, stop(at(5), "c2", "5.0", true));
  EXPECT_FALSE(stopped.action);
  EXPECT_EQ(s.state, SessionState::kRunning);
  EXPECT_TRUE(s.transitioning);
  const StepResult restarted = apply(s, start(at(5), "c3", "30.0"));
  EXPECT_EQ(restarted.action, AdministrationAction::kRateChange);
  EXPECT_EQ(s.state, SessionState::kRunning);
  EXPECT_FALSE(s.transitioning);
  EXPECT_EQ(s.rate->value, (model::Decimal{300, 1}));
  // Running time was not interrupted.
  EXPECT_EQ(running_time_us(s, us(at(10))), int64_t{10} * 60'000'000);
}

TEST(SessionMachine, StopForAnotherReasonPausesNotByClinician) {
  Session s = programmed();
  apply(s, start(at(0), "c1", "60.0"));
  model::PumpEvent e = stop(at(3), "c2", "3.0");
  e.not_delivering_reason = "alarming";
  EXPECT_EQ(apply(s, e).action, AdministrationAction::kPause);
  EXPECT_FALSE(s.paused_by_clinician);
}

TEST(SessionMachine, DuplicatesAreIgnored) {
  Session s = programmed();
  const model::PumpEvent e = start(at(0), "c1", "60.0");
  EXPECT_EQ(apply(s, e).action, AdministrationAction::kStart);
  const StepResult again = apply(s, e);
  EXPECT_TRUE(again.duplicate);
  EXPECT_FALSE(again.action);
  // Same time and event with another control id is a different message.
  EXPECT_FALSE(apply(s, start(at(0), "c9", "60.0")).duplicate);
}

TEST(SessionMachine, OlderEventsDoNotMoveTheStateBackButVolumeGrows) {
  Session s = programmed();
  apply(s, start(at(0), "c1", "60.0"));
  apply(s, stop(at(10), "c3", "10.0"));
  ASSERT_EQ(s.state, SessionState::kPaused);
  // A START from before the stop arrives late, carrying a larger volume (it cannot, but the
  // rule is max of reports).
  model::PumpEvent late = start(at(5), "c2", "60.0");
  late.volume_infused = q("12.0", "mL");
  const StepResult r = apply(s, late);
  EXPECT_TRUE(r.stale);
  EXPECT_FALSE(r.action);
  EXPECT_EQ(s.state, SessionState::kPaused);
  EXPECT_EQ(s.volume_ml, (model::Decimal{120, 1}));
  // A smaller later report does not lower it.
  apply(s, status(at(11), "c4", "pump-status-not-infusing", "0", "11.0"));
  EXPECT_EQ(s.volume_ml, (model::Decimal{120, 1}));
}

TEST(SessionMachine, PumpStatusPausesAndResumes) {
  Session s = programmed();
  EXPECT_EQ(apply(s, status(at(0), "c1", "pump-status-infusing", "60", "0")).action,
            AdministrationAction::kStart);
  EXPECT_EQ(apply(s, status(at(1), "c2", "paused", "0", "1")).action, AdministrationAction::kPause);
  EXPECT_EQ(s.state, SessionState::kPaused);
  EXPECT_EQ(apply(s, status(at(2), "c3", "pump-status-infusing", "60", "1")).action,
            AdministrationAction::kResume);
  EXPECT_EQ(apply(s, status(at(3), "c4", "pump-status-infusing", "50", "2")).action,
            AdministrationAction::kRateChange);
  EXPECT_FALSE(apply(s, status(at(4), "c5", "pump-status-infusing", "50", "3")).action);
}

TEST(SessionMachine, OcclusionWhileRunningPauses) {
  Session s = programmed();
  apply(s, start(at(0), "c1", "60.0"));
  model::PumpEvent alarm = pump_event(PumpEventKind::kAlarm, at(2), "c2");
  alarm.event_code = {"urn:iso:std:iso:11073:10101", "196940", "MDC_EVT_FLUID_LINE_OCCL"};
  EXPECT_EQ(apply(s, alarm).action, AdministrationAction::kPause);
  EXPECT_EQ(s.state, SessionState::kPaused);
  // Another alarm does not move it.
  model::PumpEvent other = pump_event(PumpEventKind::kAlarm, at(3), "c3");
  other.event_code = {"urn:iso:std:iso:11073:10101", "196616", "MDC_EVT_ALARM"};
  EXPECT_FALSE(apply(s, other).action);
}

model::PumpEvent cleared(model::DateTime t, const char* control_id) {
  model::PumpEvent e = pump_event(PumpEventKind::kOther, t, control_id);
  e.event_code = {"urn:iso:std:iso:11073:10101", "", "MDC_EVT_PUMP_PROG_CLEARED"};
  return e;
}

TEST(SessionMachine, ProgramClearedAfterClinicianPauseIsAStop) {
  Session s = programmed();
  apply(s, start(at(0), "c1", "60.0"));
  apply(s, stop(at(5), "c2", "5.0"));
  EXPECT_EQ(apply(s, cleared(at(6), "c3")).action, AdministrationAction::kStop);
  EXPECT_EQ(s.state, SessionState::kStopped);
}

TEST(SessionMachine, ProgramClearedWhileRunningIsAnAbort) {
  Session s = programmed();
  apply(s, start(at(0), "c1", "60.0"));
  EXPECT_EQ(apply(s, cleared(at(6), "c3")).action, AdministrationAction::kAbort);
  EXPECT_EQ(s.state, SessionState::kAborted);
}

TEST(SessionMachine, ProgramClearedBeforeStartAbortsWithoutAnAdministration) {
  Session s = programmed();
  EXPECT_FALSE(apply(s, cleared(at(1), "c1")).action);
  EXPECT_EQ(s.state, SessionState::kAborted);
}

TEST(SessionMachine, PatientChangeAborts) {
  Session s = programmed();
  apply(s, start(at(0), "c1", "60.0"));
  model::PumpEvent e = pump_event(PumpEventKind::kOther, at(1), "c2");
  e.event_code = {"urn:iso:std:iso:11073:10101", "", "MDC_EVT_PATIENT_CHANGE"};
  EXPECT_EQ(apply(s, e).action, AdministrationAction::kAbort);
  EXPECT_EQ(s.state, SessionState::kAborted);
}

TEST(SessionMachine, EndSessionStopsTheRunningClock) {
  Session s = programmed();
  apply(s, start(at(0), "c1", "60.0"));
  end_session(s, SessionState::kStopped, us(at(20)));
  EXPECT_EQ(s.state, SessionState::kStopped);
  EXPECT_EQ(running_time_us(s, us(at(30))), int64_t{20} * 60'000'000);
}

}  // namespace
}  // namespace titrate::pump_control

namespace titrate::pump_control {
namespace {

TEST(SessionJson, RoundTrips) {
  Session s;
  s.session_id = "pump-session/TP1";
  s.plan_id = "urn:oid:9.9|ORD1#v1#1";
  s.program_id = "TP1";
  s.device = test::kPump;
  s.channel = test::kChannel;
  s.patient_id = model::Identifier{"urn:oid:1.2.3", "MRN1", "MR", "HOSP"};
  s.state = model::SessionState::kPaused;
  s.started = test::at(0);
  s.last_time = test::at(5);
  s.last_us = 123;
  s.running_us = 456;
  s.sequence = 3;
  s.volume_ml = model::Decimal{1250, 2};
  s.rate = test::q("60.0", "mL/h");
  s.paused_by_clinician = true;
  s.alerts = {"rate-mismatch"};
  s.deviations = {"rate-mismatch: 80.0 mL/h above 66.0 mL/h"};
  s.seen = {"a|b|c"};
  EXPECT_EQ(session_from_json(session_to_json(s)), s);
  EXPECT_FALSE(session_from_json("{"));
}

}  // namespace
}  // namespace titrate::pump_control
