#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gateway/clock/date_time.h"
#include "mappers/inbound/pcd/program_ack.h"
#include "tests/unit/tools/pump_sim_support.h"
#include "tools/pump_sim/fleet.h"

namespace titrate::pump_sim {
namespace {

using model::PumpEvent;
using model::PumpEventKind;
using test::kT0;

constexpr int64_t kHour = 60 * kMinuteUs;

// Simulated minutes after T0 of an event time.
double minutes(const model::DateTime& time) {
  const std::optional<clock::Instant> instant = clock::parse_date_time(time);
  return instant ? static_cast<double>(instant->us - kT0) / kMinuteUs : -1;
}

double value(const std::optional<model::Quantity>& q) {
  return q ? q->value.to_double() : -1;
}

struct SimRun {
  test::Recorder out;
  std::unique_ptr<Fleet> fleet;
  std::string ack;

  explicit SimRun(Scenario scenario, int pumps = 1, double reject_rate = 0, uint64_t seed = 1) {
    FleetOptions options;
    options.pumps = pumps;
    options.scenario = {false, scenario};
    options.reject_rate = reject_rate;
    options.seed = seed;
    fleet = std::make_unique<Fleet>(options, out);
    fleet->start(kT0);
  }
  // Programs the pump at bed 1 at T0 + 1 min and lets three simulated hours pass.
  void program_and_run(const std::string& program_id = "TP0000000000000001") {
    ack = fleet->on_program(test::rgv_for(test::depression_plan(), program_id), kT0 + kMinuteUs);
    fleet->advance(kT0 + 3 * kHour);
  }
  // The pump's own events (no vitals), in order.
  std::vector<PumpEvent> pump_events() const {
    std::vector<PumpEvent> events = test::pump_events(out.messages);
    std::erase_if(events, [](const PumpEvent& e) { return e.kind == PumpEventKind::kVitals; });
    return events;
  }
  std::vector<PumpEvent> vitals() const {
    std::vector<PumpEvent> events = test::pump_events(out.messages);
    std::erase_if(events, [](const PumpEvent& e) { return e.kind != PumpEventKind::kVitals; });
    return events;
  }
};

std::vector<PumpEventKind> kinds(const std::vector<PumpEvent>& events, bool with_status = false) {
  std::vector<PumpEventKind> out;
  for (const PumpEvent& e : events) {
    if (with_status || e.kind != PumpEventKind::kPumpStatus) out.push_back(e.kind);
  }
  return out;
}

const PumpEvent& last_of(const std::vector<PumpEvent>& events, PumpEventKind kind) {
  const auto it = std::find_if(events.rbegin(), events.rend(),
                               [kind](const PumpEvent& e) { return e.kind == kind; });
  if (it == events.rend()) throw std::runtime_error("no such event");
  return *it;
}

// A reading of a vitals event by MDC code.
double reading(const PumpEvent& e, const std::string& mdc) {
  for (const model::DeviceReading& r : e.readings) {
    for (const model::Coding& c : r.code.codings) {
      if (c.code == mdc) return value(r.value);
    }
  }
  return -1;
}

TEST(PumpSimFleet, EachPumpAnnouncesWhereItIs) {
  SimRun run(Scenario::kNormal, 3);
  const std::vector<PumpEvent> events = run.pump_events();
  ASSERT_EQ(events.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(events[i].kind, PumpEventKind::kPumpStatus);
    EXPECT_EQ(events[i].device, "00A1B2C3D4E5F60" + std::to_string(i + 1));
    EXPECT_EQ(events[i].location, "INF^CHAIR" + std::to_string(i + 1) + "^1");
    EXPECT_EQ(events[i].device_kind, "70049");
    EXPECT_EQ(events[i].infusing_status, "pump-status-not-infusing");
    EXPECT_TRUE(events[i].patient_id.value.empty());
  }
}

TEST(PumpSimFleet, NormalRunsTheProgramToCompletion) {
  SimRun run(Scenario::kNormal);
  run.program_and_run();
  const pcd::ProgramAck ack = pcd::parse_program_ack(run.ack);
  EXPECT_EQ(ack.status, pcd::ProgramAck::Status::kAccepted);
  EXPECT_EQ(ack.ack_code, "CA");
  EXPECT_EQ(ack.acknowledged_id, "TCTP0000000000000001");
  EXPECT_EQ(test::read_back(run.ack).message_type, "ACK^O15^ACK");

  const std::vector<PumpEvent> events = run.pump_events();
  EXPECT_EQ(kinds(events), (std::vector<PumpEventKind>{PumpEventKind::kProgramAccepted,
                                                       PumpEventKind::kDeliveryStart,
                                                       PumpEventKind::kDeliveryComplete}));
  const PumpEvent& accepted = events[1];
  EXPECT_EQ(accepted.program_id, "TP0000000000000001");
  const PumpEvent& start = last_of(events, PumpEventKind::kDeliveryStart);
  EXPECT_EQ(start.program_id, "TP0000000000000001");
  EXPECT_EQ(start.device, "00A1B2C3D4E5F601");
  EXPECT_EQ(start.patient_id.value, "KT100234");
  EXPECT_EQ(start.location, "INF^CHAIR1^1");
  EXPECT_EQ(start.channel, "1.1.2.0");
  EXPECT_EQ(value(start.rate), 60.0);
  EXPECT_EQ(value(start.vtbi), 40.0);
  EXPECT_EQ(value(start.volume_infused), 0.0);
  EXPECT_EQ(value(start.dose_rate), 60.0);
  EXPECT_EQ(start.dose_rate->unit, "mg/h");
  EXPECT_EQ(start.delivery_status, "pump-delivery-status-delivering");
  EXPECT_EQ(minutes(start.time), 1.5);  // T0 + 1 min + 30 s confirm

  const PumpEvent& complete = last_of(events, PumpEventKind::kDeliveryComplete);
  EXPECT_EQ(complete.volume_infused->value.to_string(), "40.0");  // the VTBI as programmed
  EXPECT_EQ(minutes(complete.time), 41.5);                        // 40 mL at 60 mL/h

  // PCD-01 statuses every 5 minutes while running: infusing, the programmed rate, rising volume.
  double previous = -1;
  int statuses = 0;
  for (const PumpEvent& e : events) {
    if (e.kind != PumpEventKind::kPumpStatus || e.program_id.empty()) continue;
    ++statuses;
    EXPECT_EQ(e.infusing_status, "pump-status-infusing");
    EXPECT_EQ(value(e.rate), 60.0);
    EXPECT_GT(value(e.volume_infused), previous);
    previous = value(e.volume_infused);
  }
  EXPECT_EQ(statuses, 7);  // at 5, 10, ... 35 minutes
  EXPECT_EQ(previous, 35.0);
  EXPECT_NE(std::find(run.out.lines.begin(), run.out.lines.end(), "P1 completed 40 mL"),
            run.out.lines.end());
}

TEST(PumpSimFleet, OcclusionStopsDeliveryMidway) {
  SimRun run(Scenario::kOcclusion);
  run.program_and_run();
  const std::vector<PumpEvent> events = run.pump_events();
  EXPECT_EQ(kinds(events), (std::vector<PumpEventKind>{
                               PumpEventKind::kProgramAccepted, PumpEventKind::kDeliveryStart,
                               PumpEventKind::kDeliveryStop, PumpEventKind::kAlarm}));
  const PumpEvent& stop = last_of(events, PumpEventKind::kDeliveryStop);
  EXPECT_EQ(value(stop.volume_infused), 20.0);
  EXPECT_EQ(stop.delivery_status, "pump-delivery-status-not-delivering");
  EXPECT_EQ(stop.not_delivering_reason, "pump-stopped-alarming");
  const PumpEvent& alarm = last_of(events, PumpEventKind::kAlarm);
  EXPECT_EQ(alarm.event_code.code, "196940");
  EXPECT_EQ(alarm.alarm_priority, "PH");
  EXPECT_EQ(alarm.device, "00A1B2C3D4E5F601");
  EXPECT_EQ(alarm.program_id, "TP0000000000000001");
  EXPECT_EQ(alarm.time.value, stop.time.value);
  EXPECT_EQ(run.fleet->pump(1).state(), Pump::State::kIdle);  // the patient left the chair
}

TEST(PumpSimFleet, PauseAndResumeCompletesWithTheWholeVolume) {
  SimRun run(Scenario::kPauseResume);
  run.program_and_run();
  const std::vector<PumpEvent> events = run.pump_events();
  EXPECT_EQ(kinds(events), (std::vector<PumpEventKind>{
                               PumpEventKind::kProgramAccepted, PumpEventKind::kDeliveryStart,
                               PumpEventKind::kDeliveryStop, PumpEventKind::kDeliveryStart,
                               PumpEventKind::kDeliveryComplete}));
  const PumpEvent& stop = last_of(events, PumpEventKind::kDeliveryStop);
  EXPECT_EQ(value(stop.volume_infused), 16.0);
  EXPECT_EQ(stop.not_delivering_reason, "pump-stopped-by-clinician");
  const PumpEvent& resume = last_of(events, PumpEventKind::kDeliveryStart);
  EXPECT_EQ(value(resume.volume_infused), 16.0);
  const PumpEvent& complete = last_of(events, PumpEventKind::kDeliveryComplete);
  EXPECT_EQ(value(complete.volume_infused), 40.0);
  EXPECT_EQ(minutes(complete.time), 46.5);  // 40 min + 5 min paused
  // A status while paused says so.
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const PumpEvent& e) {
    return e.kind == PumpEventKind::kPumpStatus &&
           e.infusing_status == "pump-status-not-infusing" && !e.program_id.empty();
  }));
}

TEST(PumpSimFleet, DisconnectGoesSilentThenReportsTheVolumeInfusedMeanwhile) {
  SimRun run(Scenario::kDisconnect);
  run.program_and_run();
  ASSERT_EQ(run.out.drops.size(), 1u);
  const std::vector<std::string> before(run.out.messages.begin(),
                                        run.out.messages.begin() + run.out.drops[0]);
  const std::vector<std::string> after(run.out.messages.begin() + run.out.drops[0],
                                       run.out.messages.end());
  const std::vector<PumpEvent> later = test::pump_events(after);
  // The first pump message after the drop is the reconnection status, 5 minutes on.
  const auto back = std::find_if(later.begin(), later.end(), [](const PumpEvent& e) {
    return e.kind != PumpEventKind::kVitals;
  });
  ASSERT_NE(back, later.end());
  EXPECT_EQ(back->kind, PumpEventKind::kPumpStatus);
  EXPECT_EQ(value(back->volume_infused), 17.0);  // 12 mL at the drop + 5 min at 60 mL/h
  EXPECT_EQ(back->infusing_status, "pump-status-infusing");
  // Vital signs kept coming while the pump was silent.
  EXPECT_GE(std::count_if(later.begin(), back,
                          [](const PumpEvent& e) { return e.kind == PumpEventKind::kVitals; }),
            4);
  const std::vector<PumpEvent> events = run.pump_events();
  EXPECT_EQ(value(last_of(events, PumpEventKind::kDeliveryComplete).volume_infused), 40.0);
  EXPECT_EQ(kinds(events), (std::vector<PumpEventKind>{PumpEventKind::kProgramAccepted,
                                                       PumpEventKind::kDeliveryStart,
                                                       PumpEventKind::kDeliveryComplete}));
}

TEST(PumpSimFleet, HypertensionAndSpo2DropCrossTheVitalSignLimits) {
  SimRun hypertension(Scenario::kHypertension);
  hypertension.program_and_run();
  double systolic = 0, diastolic = 0;
  const std::vector<PumpEvent> readings = hypertension.vitals();
  for (const PumpEvent& e : readings) {
    EXPECT_EQ(e.patient_id.value, "KT100234");
    EXPECT_EQ(e.location, "INF^CHAIR1^1");
    EXPECT_EQ(e.device, "00A1B2C3D4E5F701");
    systolic = std::max(systolic, reading(e, "150021"));
    diastolic = std::max(diastolic, reading(e, "150022"));
    EXPECT_GT(reading(e, "150023"), 0);
    EXPECT_GT(reading(e, "147842"), 0);
    EXPECT_GT(reading(e, "151562"), 0);
  }
  EXPECT_GT(systolic, 180);
  EXPECT_GT(diastolic, 110);
  EXPECT_LT(reading(readings.back(), "150021"), 180);
  // One reading a simulated minute from the program until 10 minutes after the end.
  EXPECT_GE(readings.size(), 45u);
  EXPECT_LE(readings.size(), 55u);
  EXPECT_EQ(kinds(hypertension.pump_events()).back(), PumpEventKind::kDeliveryComplete);

  SimRun drop(Scenario::kSpo2Drop);
  drop.program_and_run();
  double lowest = 100;
  for (const PumpEvent& e : drop.vitals()) lowest = std::min(lowest, reading(e, "150456"));
  EXPECT_LT(lowest, 92);
  EXPECT_GE(reading(drop.vitals().back(), "150456"), 92);
}

TEST(PumpSimFleet, AResentProgramIsAnsweredAgainWithoutASecondInfusion) {
  SimRun run(Scenario::kNormal);
  const std::string rgv = test::rgv_for(test::depression_plan(), "TP00000000000000AA");
  run.fleet->on_program(rgv, kT0 + kMinuteUs);
  run.fleet->advance(kT0 + 10 * kMinuteUs);
  const std::string again = run.fleet->on_program(rgv, kT0 + 10 * kMinuteUs);
  EXPECT_EQ(pcd::parse_program_ack(again).status, pcd::ProgramAck::Status::kAccepted);
  run.fleet->advance(kT0 + 3 * kHour);
  const std::vector<PumpEventKind> seen = kinds(run.pump_events());
  EXPECT_EQ(std::count(seen.begin(), seen.end(), PumpEventKind::kProgramAccepted), 2);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), PumpEventKind::kDeliveryStart), 1);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), PumpEventKind::kDeliveryComplete), 1);
}

TEST(PumpSimFleet, ABusyOrUnknownPumpRefusesAtOnce) {
  SimRun run(Scenario::kNormal);
  run.fleet->on_program(test::rgv_for(test::depression_plan(), "TP0000000000000001"),
                        kT0 + kMinuteUs);
  const pcd::ProgramAck busy = pcd::parse_program_ack(run.fleet->on_program(
      test::rgv_for(test::depression_plan(), "TP0000000000000002"), kT0 + 2 * kMinuteUs));
  EXPECT_EQ(busy.status, pcd::ProgramAck::Status::kRejected);
  EXPECT_EQ(busy.ack_code, "CR");
  EXPECT_EQ(busy.error_code, "9002");
  const pcd::ProgramAck unknown = pcd::parse_program_ack(run.fleet->on_program(
      test::rgv_for(test::depression_plan(), "TP0000000000000003", "00A1B2C3D4E5F699"),
      kT0 + 2 * kMinuteUs));
  EXPECT_EQ(unknown.error_code, "9001");
  const pcd::ProgramAck garbage = pcd::parse_program_ack(
      run.fleet->on_program("MSH|^~\\&|X|Y|||20261121||ADT^A01|C1|P|2.5\r", kT0 + 2 * kMinuteUs));
  EXPECT_EQ(garbage.status, pcd::ProgramAck::Status::kRejected);
}

TEST(PumpSimFleet, RejectionRateIsSeededAndAnsweredWithRrgAr9024) {
  SimRun all(Scenario::kNormal, 1, 1.0);
  all.program_and_run();
  const std::vector<PumpEvent> events = all.pump_events();
  EXPECT_EQ(kinds(events), std::vector<PumpEventKind>{PumpEventKind::kProgramRejected});
  EXPECT_EQ(events.back().reject_code, "9024");
  EXPECT_EQ(events.back().program_id, "TP0000000000000001");
  EXPECT_EQ(pcd::parse_program_ack(all.ack).ack_code, "CA");  // accepted for processing first

  // Half the programs, the same ones for the same seed.
  auto decisions = [](uint64_t seed) {
    SimRun run(Scenario::kNormal, 1, 0.5, seed);
    std::vector<bool> rejected;
    for (int i = 0; i < 100; ++i) {
      const int64_t at = kT0 + i * 3 * kHour;
      const std::string id = "TP" + std::to_string(1000000000000000 + i);
      run.fleet->advance(at);
      run.fleet->on_program(test::rgv_for(test::depression_plan(), id), at);
      rejected.push_back(run.out.lines.back().find("rejected") != std::string::npos);
    }
    return rejected;
  };
  const std::vector<bool> first = decisions(7);
  EXPECT_EQ(first, decisions(7));
  EXPECT_NE(first, decisions(8));
  const auto count = std::count(first.begin(), first.end(), true);
  EXPECT_GT(count, 30);
  EXPECT_LT(count, 70);
}

TEST(PumpSimFleet, MixedGivesPumpIEachScenarioInTurn) {
  const ScenarioChoice mixed = *parse_scenario("mixed");
  EXPECT_EQ(mixed.for_pump(1), Scenario::kNormal);
  EXPECT_EQ(mixed.for_pump(2), Scenario::kOcclusion);
  EXPECT_EQ(mixed.for_pump(6), Scenario::kDisconnect);
  EXPECT_EQ(mixed.for_pump(7), Scenario::kNormal);
  EXPECT_EQ(parse_scenario("spo2-drop")->for_pump(3), Scenario::kSpo2Drop);
  EXPECT_FALSE(parse_scenario("sometimes"));
}

TEST(PumpSimFleet, NoLineNamesThePatient) {
  for (Scenario s : {Scenario::kNormal, Scenario::kOcclusion, Scenario::kHypertension}) {
    SimRun run(s);
    run.program_and_run();
    for (const std::string& line : run.out.lines) {
      EXPECT_EQ(line.find("KT100234"), std::string::npos) << line;
    }
  }
}

}  // namespace
}  // namespace titrate::pump_sim
