#include "mappers/outbound/hl7v2/ras_o17.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "mappers/hl7v2/encoder.h"
#include "mappers/hl7v2/message.h"

namespace titrate::outbound::hl7v2 {
namespace {

using model::AdministrationAction;
using model::SessionState;

model::Quantity q(const char* value, const char* unit) {
  return {*model::Decimal::parse(value), unit};
}

OutboundHeader header() {
  OutboundHeader h;
  h.sending_facility = "NORTHCLINIC";
  h.receiving_application = "EPIC";
  h.message_time = "20261121100000.000+0000";
  h.control_id = "TTR-RAS-000007";
  return h;
}

model::AdministrationEvent running() {
  model::AdministrationEvent ev;
  ev.session_id = "pump-session/PRG0001";
  ev.sequence = 1;
  ev.action = AdministrationAction::kStart;
  ev.state = SessionState::kRunning;
  ev.plan_id = "ORD-7781#v1#1";
  ev.placer = {"", "ORD-7781", "PLAC", "EPIC"};
  ev.patient_id = {"", "KT100234", "MR", "NORTHCLINIC"};
  ev.visit_number = {"", "V5521", "VN", "NORTHCLINIC"};
  ev.device = "00A1B2C3D4E5F601";
  ev.medication.codings.push_back(
      {"http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine"});
  ev.medication.codings.push_back({"http://snomed.info/sct", "373464007", "Ketamine"});
  ev.concentration = {q("500", "mg"), q("500", "mL")};
  ev.started = {"2026-11-21T09:00:00Z"};
  ev.time = {"2026-11-21T09:20:00Z"};
  ev.rate = q("60.0", "mL/h");
  ev.dose_rate = q("60.0", "mg/h");
  ev.volume_delivered = q("20.0", "mL");
  ev.dose_delivered = q("20.0", "mg");
  return ev;
}

std::string text(const titrate::hl7v2::Message& m, const char* spec) {
  return m.text(spec).value_or("<absent>");
}

std::vector<std::string> segment_ids(const titrate::hl7v2::Message& m) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < m.segment_count(); ++i) ids.emplace_back(m.segment_id(i));
  return ids;
}

TEST(RasO17, RunningInfusionRoundTrip) {
  const std::string ras = build_ras_o17(running(), header());
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(ras);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(segment_ids(m), (std::vector<std::string>{"MSH", "PID", "PV1", "ORC", "RXA", "RXR",
                                                      "OBX", "OBX", "OBX"}));
  EXPECT_EQ(text(m, "MSH-9"), "RAS^O17^RAS_O17");
  EXPECT_EQ(text(m, "MSH-10"), "TTR-RAS-000007");
  EXPECT_EQ(text(m, "MSH-12"), "2.5.1");
  EXPECT_EQ(text(m, "PID-3.1"), "KT100234");
  EXPECT_EQ(text(m, "PID-3.5"), "MR");
  EXPECT_EQ(text(m, "PV1-19.1"), "V5521");
  EXPECT_EQ(text(m, "PV1-19.4"), "NORTHCLINIC");
  EXPECT_EQ(text(m, "PV1-19.5"), "VN");
  EXPECT_EQ(text(m, "ORC-1"), "RE");
  EXPECT_EQ(text(m, "ORC-2.1"), "ORD-7781");
  EXPECT_EQ(text(m, "ORC-3.1"), "ORD-7781#v1#1");
  EXPECT_EQ(text(m, "ORC-3.2"), "TITRATE");
  EXPECT_EQ(text(m, "ORC-9"), "20261121092000+0000");
  EXPECT_EQ(text(m, "RXA-1"), "0");
  EXPECT_EQ(text(m, "RXA-2"), "1");
  EXPECT_EQ(text(m, "RXA-3"), "20261121090000+0000");
  EXPECT_EQ(text(m, "RXA-4"), "20261121092000+0000");
  EXPECT_EQ(text(m, "RXA-5"), "6130^ketamine^RXNORM^373464007^Ketamine^SCT");
  EXPECT_EQ(text(m, "RXA-6"), "20.0");
  EXPECT_EQ(text(m, "RXA-7"), "mg^mg^UCUM");
  EXPECT_EQ(text(m, "RXA-12"), "<absent>");
  EXPECT_EQ(text(m, "RXA-13"), "500");
  EXPECT_EQ(text(m, "RXA-14"), "mg^mg^UCUM");
  EXPECT_EQ(text(m, "RXA-23"), "500");
  EXPECT_EQ(text(m, "RXA-24"), "mL^mL^UCUM");
  EXPECT_EQ(text(m, "RXA-20"), "<absent>");  // still running
  EXPECT_EQ(text(m, "RXA-21"), "A");
  EXPECT_EQ(text(m, "RXR-1.1"), "IV");
  EXPECT_EQ(text(m, "RXR-1.3"), "HL70162");
  EXPECT_EQ(text(m, "RXR-1.4"), "47625008");
  EXPECT_EQ(text(m, "RXR-1.6"), "SCT");
  EXPECT_EQ(text(m, "RXR-4.1"), "IV");

  EXPECT_EQ(text(m, "OBX[1]-1"), "1");
  EXPECT_EQ(text(m, "OBX[1]-2"), "NM");
  EXPECT_EQ(text(m, "OBX[1]-3"), "157993^MDC_VOL_FLUID_DELIV_TOTAL^MDC");
  EXPECT_EQ(text(m, "OBX[1]-5"), "20.0");
  EXPECT_EQ(text(m, "OBX[1]-6"), "mL^mL^UCUM");
  EXPECT_EQ(text(m, "OBX[1]-11"), "F");
  EXPECT_EQ(text(m, "OBX[1]-14"), "20261121092000+0000");
  EXPECT_EQ(text(m, "OBX[1]-18.3"), "00A1B2C3D4E5F601");
  EXPECT_EQ(text(m, "OBX[1]-18.4"), "EUI-64");
  EXPECT_EQ(text(m, "OBX[2]-1"), "2");
  EXPECT_EQ(text(m, "OBX[2]-3.1"), "157784");
  EXPECT_EQ(text(m, "OBX[2]-5"), "60.0");
  EXPECT_EQ(text(m, "OBX[2]-6"), "mL/h^mL/h^UCUM");
  EXPECT_EQ(text(m, "OBX[3]-3.1"), "157924");
  EXPECT_EQ(text(m, "OBX[3]-6.1"), "mg/h");
  EXPECT_EQ(titrate::hl7v2::encode(m), ras);
}

TEST(RasO17, CompletionStatusAndActionCode) {
  struct Case {
    SessionState state;
    AdministrationAction action;
    bool delivered;
    const char* rxa20;
    const char* rxa21;
  };
  const Case cases[] = {
      {SessionState::kRunning, AdministrationAction::kStart, true, "<absent>", "A"},
      {SessionState::kRunning, AdministrationAction::kRateChange, true, "<absent>", "U"},
      {SessionState::kRunning, AdministrationAction::kResume, true, "<absent>", "U"},
      {SessionState::kPaused, AdministrationAction::kPause, true, "PA", "U"},
      {SessionState::kCompleted, AdministrationAction::kComplete, true, "CP", "U"},
      {SessionState::kStopped, AdministrationAction::kStop, true, "PA", "U"},
      {SessionState::kAborted, AdministrationAction::kAbort, true, "PA", "U"},
      {SessionState::kAborted, AdministrationAction::kAbort, false, "NA", "U"},
  };
  for (const Case& c : cases) {
    model::AdministrationEvent ev = running();
    ev.state = c.state;
    ev.action = c.action;
    if (!c.delivered) {
      ev.volume_delivered = q("0", "mL");
      ev.dose_delivered = q("0", "mg");
    }
    const titrate::hl7v2::Message m = titrate::hl7v2::parse(build_ras_o17(ev, header()));
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(text(m, "RXA-20"), c.rxa20) << static_cast<int>(c.state);
    EXPECT_EQ(text(m, "RXA-21"), c.rxa21) << static_cast<int>(c.action);
  }
}

TEST(RasO17, DosesConvertedToMgAndVolumeWhenNoDose) {
  model::AdministrationEvent ev = running();
  ev.dose_delivered = q("1.5", "g");
  ev.concentration = {q("1", "g"), q("1", "L")};
  ev.rate.reset();
  ev.dose_rate.reset();
  titrate::hl7v2::Message m = titrate::hl7v2::parse(build_ras_o17(ev, header()));
  EXPECT_EQ(text(m, "RXA-6"), "1500");
  EXPECT_EQ(text(m, "RXA-7.1"), "mg");
  EXPECT_EQ(text(m, "RXA-13"), "1");
  EXPECT_EQ(text(m, "RXA-14.1"), "g");
  EXPECT_EQ(text(m, "RXA-23"), "1000");
  EXPECT_EQ(text(m, "RXA-24.1"), "mL");
  EXPECT_EQ(segment_ids(m).size(), 7u);  // one OBX: no rate, no dose rate

  ev.dose_delivered = {};
  const std::string ras = build_ras_o17(ev, header());
  m = titrate::hl7v2::parse(ras);
  EXPECT_EQ(text(m, "RXA-6"), "20.0");
  EXPECT_EQ(text(m, "RXA-7"), "mL^mL^UCUM");
}

TEST(RasO17, DeviationsAsAnnotationRows) {
  model::AdministrationEvent ev = running();
  ev.state = SessionState::kCompleted;
  ev.action = AdministrationAction::kComplete;
  ev.deviations = {"delivered 42.0 mL of 40.0 mL planned (+5%)", "rate 66 | planned 60 ^ ~ & \\"};
  const std::string ras = build_ras_o17(ev, header());
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(ras);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(text(m, "OBX[4]-1"), "4");
  EXPECT_EQ(text(m, "OBX[4]-2"), "TX");
  EXPECT_EQ(text(m, "OBX[4]-3"), "48767-8^Annotation comment^LN");
  EXPECT_EQ(text(m, "OBX[4]-5"), "delivered 42.0 mL of 40.0 mL planned (+5%)");
  EXPECT_EQ(text(m, "OBX[5]-5"), "rate 66 | planned 60 ^ ~ & \\");
  EXPECT_EQ(text(m, "OBX[5]-11"), "F");
  EXPECT_EQ(titrate::hl7v2::encode(m), ras);
}

TEST(RasO17, WithoutVisitOrDeviceOrPlan) {
  model::AdministrationEvent ev = running();
  ev.visit_number = {};
  ev.device = "PUMP 7";
  ev.plan_id.clear();
  ev.started = {};
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(build_ras_o17(ev, header()));
  EXPECT_FALSE(m.find_segment("PV1"));
  EXPECT_EQ(text(m, "ORC-3.1"), "pump-session/PRG0001");
  EXPECT_EQ(text(m, "OBX[1]-18"), "PUMP 7");
  EXPECT_EQ(text(m, "RXA-3"), "20261121092000+0000");  // no start: the event's time
}

TEST(RasO17, EscapesMedicationAndIds) {
  model::AdministrationEvent ev = running();
  ev.medication.codings = {{"urn:local:drugs", "K|1", "keta^mine 1 mg/mL"}};
  ev.patient_id.value = "12~34";
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(build_ras_o17(ev, header()));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(text(m, "RXA-5.1"), "K|1");
  EXPECT_EQ(text(m, "RXA-5.2"), "keta^mine 1 mg/mL");
  EXPECT_EQ(text(m, "RXA-5.3"), "<absent>");  // a URI without an HL7 name
  EXPECT_EQ(text(m, "PID-3.1"), "12~34");
}

TEST(RasO17, ErrorsForMissingIdsWithoutIdsInTheMessage) {
  for (int missing = 0; missing < 3; ++missing) {
    model::AdministrationEvent ev = running();
    if (missing == 0) ev.session_id.clear();
    if (missing == 1) ev.placer = {};
    if (missing == 2) ev.patient_id = {};
    try {
      build_ras_o17(ev, header());
      ADD_FAILURE() << "expected invalid_argument for case " << missing;
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.find("KT100234"), std::string::npos) << what;
      EXPECT_EQ(what.find("ORD-7781"), std::string::npos) << what;
    }
  }
  model::AdministrationEvent bad_time = running();
  bad_time.started = {"yesterday"};
  EXPECT_THROW(build_ras_o17(bad_time, header()), std::invalid_argument);
}

}  // namespace
}  // namespace titrate::outbound::hl7v2
