#include <gtest/gtest.h>

#include <string>

#include "gateway/model/mapped_message.h"
#include "mappers/hl7v2/message.h"
#include "mappers/inbound/pcd/map_pcd.h"
#include "mappers/inbound/pcd/pcd_message_kind.h"
#include "tests/unit/fixtures.h"

namespace titrate::pcd {
namespace {

using model::PumpEventKind;

model::MappedMessage map_text(const std::string& bytes) {
  const hl7v2::Message message = hl7v2::parse(bytes);
  return map_pcd(message);
}

model::MappedMessage map_fixture(const std::string& name) {
  return map_text(test::read_fixture("pcd/" + name));
}

// The only event of a message that must map cleanly.
model::PumpEvent single_event(const model::MappedMessage& mapped) {
  for (const model::MappingIssue& issue : mapped.issues) {
    ADD_FAILURE() << issue.location << " " << issue.code << " " << issue.message;
  }
  EXPECT_EQ(mapped.pump_events.size(), 1u);
  return mapped.pump_events.empty() ? model::PumpEvent{} : mapped.pump_events.front();
}

std::string quantity(const std::optional<model::Quantity>& q) {
  return q ? q->value.to_string() + " " + q->unit : "<none>";
}

bool has_issue(const model::MappedMessage& mapped, const std::string& location,
               const std::string& code) {
  for (const model::MappingIssue& issue : mapped.issues) {
    if (issue.location == location && issue.code == code) return true;
  }
  return false;
}

std::string issues_text(const model::MappedMessage& mapped) {
  std::string out;
  for (const model::MappingIssue& issue : mapped.issues) {
    out += issue.location + " " + issue.code + " " + issue.message + "\n";
  }
  return out;
}

// The PCD-10 "Delivery Start Event" of the TF (TF-2 M.1.2.2), as printed in
// domain-reference §3.4, including its space before the OID in MSH-21.3.
constexpr char kTfDeliveryStart[] =
    "MSH|^~\\&|PAT_DEVICE_PUMPVENDOR^9999990000000000^EUI-64|PUMPVENDOR|DOC_VENDOR|DOC_VENDOR|"
    "20151015132107-0500||ORU^R42^ORU_R01|6358051206735492253|P|2.6|||AL|NE||ASCII|en^English^"
    "ISO639||IHE_PCD_010^IHE PCD^ 1.3.6.1.4.1.19376.1.6.4.10^ISO\r"
    "PID|||HO2009002^^^IHE^PI||Hon^Charles^^^^^L|Brooks^^^^^^L|19610201000000-0600|M|||||||||||||"
    "||||||||||N\r"
    "PV1||I|3 West ICU^3002^1\r"
    "OBR|1|AB12345^PCD-03|CD12345^HL7^ACDE48234567ABCD^EUI-64|2222^Dopamine|||"
    "20151015132106-0500\r"
    "OBX|1||70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|1.0.0.0|||||||X|||||N0002||E0002^^"
    "0012210000000000^EUI-64\r"
    "OBX|2|ST|184517^MDC_PUMP_DRUG_LIBRARY_VERSION^MDC|1.0.0.1|DL1||||||R\r"
    "OBX|3|CWE|68487^MDC_ATTR_EVT_COND^MDC|1.0.0.2|197288^MDC_EVT_PUMP_DELIV_START^MDC||||||R\r"
    "OBX|4|ST|68488^MDC_ATTR_EVT_SOURCE^MDC|1.0.0.3|1.1.2.0||||||R\r"
    "OBX|5||70050^MDC_DEV_PUMP_INFUS_LVP_VMD^MDC|1.1.0.0|||||||X\r"
    "OBX|6||70067^MDC_DEV_PUMP_DELIVERY_INFO^MDC|1.1.1.0|||||||X\r"
    "OBX|7|CWE|184519^MDC_PUMP_INFUSING_STATUS^MDC|1.1.1.1|^pump-status-infusing||||||R\r"
    "OBX|8|NM|158014^MDC_FLOW_FLUID_PUMP_CURRENT^MDC|1.1.1.2|15.4|265266^MDC_DIM_MILLI_L_PER_HR^"
    "MDC^mL/h^mL/h^UCUM|||||R\r"
    "OBX|9|CWE|158016^MDC_DEV_PUMP_ACTIVE_SOURCES^MDC|1.1.1.3|^pump-source-info-primary||||||R\r"
    "OBX|10||70071^MDC_DEV_PUMP_INFUSATE_SOURCE_PRIMARY^MDC|1.1.2.0|||||||X\r"
    "OBX|11|CWE|158005^MDC_DEV_PUMP_CURRENT_DELIVERY_STATUS^MDC|1.1.2.1|^pump-delivery-status-"
    "delivering||||||R\r"
    "OBX|12|CWE|158008^MDC_DEV_PUMP_PROGRAM_DELIVERY_MODE^MDC|1.1.2.2|^pump-program-delivery-"
    "mode-continuous||||||R\r"
    "OBX|13|ST|158012^MDC_DEV_PUMP_SOURCE_CHANNEL_LABEL^MDC|1.1.2.3|Primary||||||R\r"
    "OBX|14|NM|157784^MDC_FLOW_FLUID_PUMP^MDC|1.1.2.4|15.4|265266^MDC_DIM_MILLI_L_PER_HR^MDC^"
    "mL/h^mL/h^UCUM|||||R\r"
    "OBX|15|NM|157924^MDC_RATE_DOSE^MDC|1.1.2.5|5.00|265619^MDC_DIM_MICRO_G_PER_KG_PER_MIN^MDC^"
    "ug/kg/min^ug/kg/min^UCUM|||||R\r"
    "OBX|16|NM|157884^MDC_VOL_FLUID_TBI^MDC|1.1.2.6|250.0|263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM|"
    "||||R\r"
    "OBX|17|NM|157993^MDC_VOL_FLUID_DELIV_TOTAL^MDC|1.1.2.7|0.0|263762^MDC_DIM_MILLI_L^MDC^mL^mL^"
    "UCUM|||||R\r"
    "OBX|18|NM|157872^MDC_VOL_FLUID_TBI_REMAIN^MDC|1.1.2.8|250.0|263762^MDC_DIM_MILLI_L^MDC^mL^mL^"
    "UCUM|||||R\r"
    "OBX|19|NM|157916^MDC_TIME_PD_REMAIN^MDC|1.1.2.9|974|264352^MDC_DIM_MIN^MDC^min^min^UCUM||||"
    "|R\r"
    "OBX|20|ST|184514^MDC_DRUG_NAME_LABEL^MDC|1.1.2.10|Dopamine||||||R\r"
    "OBX|21|NM|157760^MDC_CONC_DRUG^MDC|1.1.2.11|1.6|264306^MDC_DIM_MILLI_G_PER_ML^MDC^mg/mL^mg/"
    "mL^UCUM|||||R\r"
    "OBX|22|ST|184516^MDC_PUMP_DRUG_LIBRARY_CARE_AREA^MDC|1.1.2.12|Crit Care||||||R\r"
    "OBX|23|NM|68063^MDC_ATTR_PT_WEIGHT^MDC|1.1.2.13|82.0|263875^MDC_DIM_KILO_G^MDC^kg^kg^UCUM|||"
    "||R\r";

TEST(PcdRecognise, ByProfileOidOrMessageType) {
  const auto kind = [](const std::string& bytes) { return classify_pcd(hl7v2::parse(bytes)); };
  EXPECT_EQ(kind(kTfDeliveryStart).kind, PcdKind::kInfusionEvent);
  EXPECT_TRUE(kind(kTfDeliveryStart).by_profile);
  EXPECT_EQ(kind(test::read_fixture("pcd/pcd01_pump_status.hl7")).kind,
            PcdKind::kDeviceObservation);
  EXPECT_EQ(kind(test::read_fixture("pcd/pcd04_occlusion.hl7")).kind, PcdKind::kAlarm);
  EXPECT_EQ(kind(test::read_fixture("pcd/rrg_o16_accept.hl7")).kind, PcdKind::kProgramAnswer);
  EXPECT_EQ(kind(test::read_fixture("pcd/ack_o15_ca.hl7")).kind, PcdKind::kAcknowledgement);
  // Without a profile: by MSH-9.
  const PcdClassification r42 = kind("MSH|^~\\&|A|B|C|D|20261121||ORU^R42|1|P|2.6\rOBR|1\r");
  EXPECT_EQ(r42.kind, PcdKind::kInfusionEvent);
  EXPECT_FALSE(r42.by_profile);
  EXPECT_EQ(kind("MSH|^~\\&|A|B|C|D|20261121||ORU^R40|1|P|2.6\r").kind, PcdKind::kAlarm);
  EXPECT_EQ(kind("MSH|^~\\&|A|B|C|D|20261121||ACK^O16|1|P|2.6\rMSA|AA|1\r").kind,
            PcdKind::kAcknowledgement);
}

TEST(PcdRecognise, PlainOruR01IsNotPcd) {
  const std::string lab =
      "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20261121||ORU^R01^ORU_R01|9|P|2.5.1\r"
      "PID|||123^^^H^MR\rOBR|1||L1|2345-7^Glucose^LN\rOBX|1|NM|2345-7^Glucose^LN||95|mg/dL\r";
  EXPECT_FALSE(is_pcd_message(hl7v2::parse(lab)));
  EXPECT_FALSE(
      is_pcd_message(hl7v2::parse("MSH|^~\\&|A|B|C|D|20261121||ADT^A01|1|P|2.6\rPID|||1\r")));
  const model::MappedMessage mapped = map_text(lab);
  EXPECT_TRUE(has_issue(mapped, "MSH[1]-9", "200")) << issues_text(mapped);
  EXPECT_TRUE(mapped.pump_events.empty());
}

TEST(PcdMapInfusionEvent, TfDeliveryStartExample) {
  const model::PumpEvent e = single_event(map_text(kTfDeliveryStart));
  EXPECT_EQ(e.kind, PumpEventKind::kDeliveryStart);
  EXPECT_EQ(e.event_code.code, "197288");
  EXPECT_EQ(e.event_code.display, "MDC_EVT_PUMP_DELIV_START");
  EXPECT_EQ(e.event_code.system, "urn:iso:std:iso:11073:10101");
  EXPECT_EQ(e.device, "0012210000000000");  // EUI-64 in EI-3 wins over EI-1 "E0002"
  EXPECT_EQ(e.device_kind, "70049");
  EXPECT_EQ(e.channel, "1.1.2.0");
  EXPECT_EQ(e.program_id, "AB12345");
  EXPECT_EQ(e.time.value, "2015-10-15T13:21:06-05:00");  // OBR-7, not MSH-7
  EXPECT_EQ(e.location, "3 West ICU^3002^1");
  EXPECT_EQ(e.patient_id.value, "HO2009002");
  EXPECT_EQ(e.patient_id.assigner, "IHE");
  EXPECT_EQ(e.patient_id.type, "PI");
  EXPECT_EQ(quantity(e.rate), "15.4 mL/h");  // MDC_FLOW_FLUID_PUMP over the current flow
  EXPECT_EQ(quantity(e.dose_rate), "5.00 ug/kg/min");
  EXPECT_EQ(quantity(e.vtbi), "250.0 mL");
  EXPECT_EQ(quantity(e.volume_infused), "0.0 mL");
  EXPECT_EQ(quantity(e.vtbi_remaining), "250.0 mL");
  EXPECT_EQ(e.infusing_status, "pump-status-infusing");
  EXPECT_EQ(e.delivery_status, "pump-delivery-status-delivering");
  EXPECT_EQ(e.message_type, "ORU^R42");
  EXPECT_EQ(e.control_id, "6358051206735492253");
  // Every valued metric row is a reading: 23 OBX minus 4 device rows.
  ASSERT_EQ(e.readings.size(), 19u);
  const model::DeviceReading& weight = e.readings.back();
  EXPECT_EQ(weight.address, "1.1.2.13");
  ASSERT_TRUE(weight.value);
  EXPECT_EQ(weight.value->value.to_string(), "82.0");
  EXPECT_EQ(weight.value->unit, "kg");
  ASSERT_FALSE(weight.code.codings.empty());
  EXPECT_EQ(weight.code.codings.front().code, "68063");
  EXPECT_EQ(weight.time.value, "2015-10-15T13:21:06-05:00");  // inherited from OBR-7
  EXPECT_EQ(e.readings.front().text, "DL1");                  // ST reading keeps its text
}

TEST(PcdMapInfusionEvent, KetamineStart) {
  const model::PumpEvent e = single_event(map_fixture("pcd10_start.hl7"));
  EXPECT_EQ(e.kind, PumpEventKind::kDeliveryStart);
  EXPECT_EQ(e.device, "00A1B2C3D4E5F601");
  EXPECT_EQ(e.program_id, "PRG0001");
  EXPECT_EQ(e.location, "INF^B2^1");
  EXPECT_EQ(e.patient_id.value, "KT100234");
  EXPECT_EQ(e.patient_id.type, "MR");
  EXPECT_EQ(quantity(e.rate), "28.0 mL/h");
  EXPECT_EQ(quantity(e.dose_rate), "0.35 mg/kg/h");  // UCUM unit in CWE-1..3
  EXPECT_EQ(quantity(e.vtbi), "112 mL");
  EXPECT_EQ(e.time.value, "2026-11-21T09:30:00-05:00");
}

TEST(PcdMapInfusionEvent, StopPausedByClinician) {
  const model::PumpEvent e = single_event(map_fixture("pcd10_stop_paused.hl7"));
  EXPECT_EQ(e.kind, PumpEventKind::kDeliveryStop);  // recognised by REFID (numeric code: gap)
  EXPECT_EQ(e.event_code.display, "MDC_EVT_PUMP_DELIV_STOP");
  EXPECT_EQ(e.infusing_status, "pump-status-not-infusing");
  EXPECT_EQ(e.delivery_status, "pump-delivery-status-not-delivering");
  EXPECT_EQ(e.not_delivering_reason, "pump-stopped-by-clinician");
  EXPECT_EQ(quantity(e.volume_infused), "14.0 mL");
  EXPECT_EQ(quantity(e.vtbi_remaining), "98 mL");
}

TEST(PcdMapInfusionEvent, RateChangeIsStopTransitioningThenStart) {
  const model::PumpEvent stop = single_event(map_fixture("pcd10_rate_change_stop.hl7"));
  const model::PumpEvent start = single_event(map_fixture("pcd10_rate_change_start.hl7"));
  EXPECT_EQ(stop.kind, PumpEventKind::kDeliveryStop);
  EXPECT_EQ(stop.delivery_status, "pump-delivery-status-transitioning");
  EXPECT_TRUE(stop.not_delivering_reason.empty());
  EXPECT_EQ(quantity(stop.rate), "28.0 mL/h");
  EXPECT_EQ(start.kind, PumpEventKind::kDeliveryStart);
  EXPECT_EQ(quantity(start.rate), "20.0 mL/h");
  EXPECT_EQ(quantity(start.dose_rate), "0.25 mg/kg/h");
  EXPECT_EQ(quantity(start.volume_infused), quantity(stop.volume_infused));
  EXPECT_EQ(start.time, stop.time);
}

TEST(PcdMapInfusionEvent, Complete) {
  const model::PumpEvent e = single_event(map_fixture("pcd10_complete.hl7"));
  EXPECT_EQ(e.kind, PumpEventKind::kDeliveryComplete);
  EXPECT_EQ(quantity(e.volume_infused), "112.0 mL");
  EXPECT_EQ(quantity(e.vtbi_remaining), "0 mL");
}

TEST(PcdMapInfusionEvent, OtherEventsAreKeptAsOther) {
  std::string bytes = test::read_fixture("pcd/pcd10_start.hl7");
  const std::string start = "197288^MDC_EVT_PUMP_DELIV_START^MDC";
  bytes.replace(bytes.find(start), start.size(), "^MDC_EVT_PUMP_PROG_CLEARED^MDC");
  const model::PumpEvent e = single_event(map_text(bytes));
  EXPECT_EQ(e.kind, PumpEventKind::kOther);
  EXPECT_EQ(e.event_code.display, "MDC_EVT_PUMP_PROG_CLEARED");
}

TEST(PcdMapInfusionEvent, MalformedRowsGiveLocatedIssues) {
  const model::MappedMessage mapped = map_fixture("pcd10_malformed.hl7");
  EXPECT_TRUE(has_issue(mapped, "OBR[1]-7", "102")) << issues_text(mapped);  // 13-digit DTM
  EXPECT_TRUE(has_issue(mapped, "OBX[4]-4", "102")) << issues_text(mapped);  // "one.two"
  EXPECT_TRUE(has_issue(mapped, "OBR[1]", "101")) << issues_text(mapped);    // no event row
  EXPECT_TRUE(mapped.pump_events.empty());
  EXPECT_FALSE(mapped.ok());
  for (const model::MappingIssue& issue : mapped.issues) {
    EXPECT_EQ(issue.message.find("KT100234"), std::string::npos);  // no patient data
  }
}

TEST(PcdMapInfusionEvent, BadNumberAndUnknownUnitAreLocated) {
  std::string bytes = test::read_fixture("pcd/pcd10_malformed.hl7");
  // Give it an event row so the observations are read into an event.
  const std::string anchor = "OBX|2|";
  bytes.insert(bytes.find(anchor),
               "OBX|9|CWE|68487^MDC_ATTR_EVT_COND^MDC|1.0.0.2|197288^MDC_EVT_PUMP_DELIV_START^MDC|"
               "|||||R\r");
  const model::MappedMessage mapped = map_text(bytes);
  EXPECT_TRUE(has_issue(mapped, "OBX[3]-5", "102")) << issues_text(mapped);  // rate "fast"
  EXPECT_TRUE(has_issue(mapped, "OBX[4]-6", "103")) << issues_text(mapped);  // unknown unit
  ASSERT_EQ(mapped.pump_events.size(), 1u);
  const model::PumpEvent& e = mapped.pump_events.front();
  EXPECT_FALSE(e.rate);
  ASSERT_TRUE(e.vtbi);
  EXPECT_EQ(e.vtbi->value.to_string(), "112");
  EXPECT_EQ(e.vtbi->unit, "");  // the value is kept, its unit is unknown
}

TEST(PcdMapInfusionEvent, MissingObrAndMissingEventValue) {
  const model::MappedMessage no_obr = map_text(
      "MSH|^~\\&|A|B|C|D|20261121093000+0000||ORU^R42^ORU_R01|7|P|2.6|||AL|NE|||||"
      "IHE_PCD_010^IHE PCD^1.3.6.1.4.1.19376.1.6.4.10^ISO\rPID|||1^^^X^MR\r");
  EXPECT_TRUE(has_issue(no_obr, "OBR", "100")) << issues_text(no_obr);
  const model::MappedMessage no_value = map_text(
      "MSH|^~\\&|A|B|C|D|20261121093000+0000||ORU^R42^ORU_R01|7|P|2.6\r"
      "OBR|1|P1||X|||20261121093000+0000\r"
      "OBX|1|CWE|68487^MDC_ATTR_EVT_COND^MDC|1.0.0.2|||||||R\r");
  EXPECT_TRUE(has_issue(no_value, "OBX[1]-5", "101")) << issues_text(no_value);
  EXPECT_TRUE(has_issue(no_value, "MSH[1]-21", "101")) << issues_text(no_value);  // no OID
  EXPECT_TRUE(no_value.pump_events.empty());
}

TEST(PcdMapInfusionEvent, TimeFallsBackToObxThenMsh) {
  // No OBR-7: the event row's own OBX-14.
  const model::MappedMessage obx_time = map_text(
      "MSH|^~\\&|A|B|C|D|20261121093000+0000||ORU^R42^ORU_R01|7|P|2.6\r"
      "OBR|1|P1||X\r"
      "OBX|1|CWE|68487^MDC_ATTR_EVT_COND^MDC|1.0.0.2|197288^MDC_EVT_PUMP_DELIV_START^MDC||||||R|||"
      "20261121092959+0000\r");
  ASSERT_EQ(obx_time.pump_events.size(), 1u);
  EXPECT_EQ(obx_time.pump_events[0].time.value, "2026-11-21T09:29:59+00:00");
  const model::MappedMessage msh_time = map_text(
      "MSH|^~\\&|A|B|C|D|20261121093000+0000||ORU^R42^ORU_R01|7|P|2.6\r"
      "OBR|1|P1||X\r"
      "OBX|1|CWE|68487^MDC_ATTR_EVT_COND^MDC|1.0.0.2|197288^MDC_EVT_PUMP_DELIV_START^MDC||||||R\r");
  ASSERT_EQ(msh_time.pump_events.size(), 1u);
  EXPECT_EQ(msh_time.pump_events[0].time.value, "2026-11-21T09:30:00+00:00");
}

TEST(PcdMapDeviceObservation, PumpStatus) {
  const model::PumpEvent e = single_event(map_fixture("pcd01_pump_status.hl7"));
  EXPECT_EQ(e.kind, PumpEventKind::kPumpStatus);
  EXPECT_EQ(e.device, "00A1B2C3D4E5F601");
  EXPECT_EQ(e.device_kind, "70049");
  EXPECT_EQ(e.program_id, "PRG0001");
  EXPECT_EQ(e.infusing_status, "pump-status-infusing");
  EXPECT_EQ(quantity(e.rate), "28.0 mL/h");
  EXPECT_EQ(quantity(e.volume_infused), "7.5 mL");
  EXPECT_EQ(quantity(e.vtbi_remaining), "104.5 mL");
  EXPECT_EQ(quantity(e.dose_rate), "0.35 mg/kg/h");
  EXPECT_EQ(e.time.value, "2026-11-21T09:44:59+00:00");
  EXPECT_EQ(e.message_type, "ORU^R01");
}

TEST(PcdMapDeviceObservation, OlderPumpModelCodes) {
  const std::string bytes =
      "MSH|^~\\&|GW|F|TITRATE|F|20261121094500+0000||ORU^R01^ORU_R01|S2|P|2.6|||AL|NE|||||"
      "IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\r"
      "OBR|1||S2|69985^MDC_DEV_PUMP_INFUS_MDS^MDC|||20261121094459+0000\r"
      "OBX|1||69985^MDC_DEV_PUMP_INFUS_MDS^MDC|1.0.0.0|||||||X|||||||^^A0001^PUMPVENDOR\r"
      "OBX|2|ST|184508^MDC_PUMP_STAT^MDC|1.1.1.1|pump-status-paused||||||R\r"
      "OBX|3|NM|157864^MDC_VOL_FLUID_DELIV^MDC|1.1.1.2|12.5|mL^mL^UCUM|||||R\r"
      "OBX|4|NM|158014^MDC_FLOW_FLUID_PUMP_CURRENT^MDC|1.1.1.3|0|265266^^MDC|||||R\r";
  const model::PumpEvent e = single_event(map_text(bytes));
  EXPECT_EQ(e.kind, PumpEventKind::kPumpStatus);
  EXPECT_EQ(e.device, "A0001");  // legacy ^^id^vendor
  EXPECT_EQ(e.infusing_status, "pump-status-paused");
  EXPECT_EQ(quantity(e.volume_infused), "12.5 mL");
  EXPECT_EQ(quantity(e.rate), "0 mL/h");  // current flow when there is no programmed rate
}

TEST(PcdMapDeviceObservation, MonitorVitalsWithInheritedTimes) {
  const model::PumpEvent e = single_event(map_fixture("pcd01_monitor_vitals.hl7"));
  EXPECT_EQ(e.kind, PumpEventKind::kVitals);
  EXPECT_EQ(e.device, "00A1B2C3D4E5F700");
  EXPECT_EQ(e.device_kind, "69965");
  EXPECT_EQ(e.time.value, "2026-11-21T09:45:50+00:00");  // no OBR-7: the MDS row's time
  ASSERT_EQ(e.readings.size(), 5u);
  const auto reading = [&](const std::string& code) {
    for (const model::DeviceReading& r : e.readings) {
      if (!r.code.codings.empty() && r.code.codings[0].code == code) return r;
    }
    ADD_FAILURE() << "no reading " << code;
    return model::DeviceReading{};
  };
  const model::DeviceReading systolic = reading("150021");
  EXPECT_EQ(quantity(systolic.value), "128 mm[Hg]");
  EXPECT_EQ(systolic.time.value, "2026-11-21T09:45:30+00:00");  // from its VMD row
  EXPECT_EQ(systolic.address, "1.1.1.1");
  const model::DeviceReading heart_rate = reading("147842");
  EXPECT_EQ(quantity(heart_rate.value), "76 /min");
  EXPECT_EQ(heart_rate.time.value, "2026-11-21T09:45:50+00:00");         // from the MDS row
  EXPECT_EQ(reading("151562").time.value, "2026-11-21T09:45:58+00:00");  // its own OBX-14
  EXPECT_EQ(quantity(reading("150456").value), "97 %");
  EXPECT_EQ(heart_rate.code.codings[0].display, "MDC_ECG_CARD_BEAT_RATE");
}

TEST(PcdMapDeviceObservation, OneEventPerMds) {
  // A pump and a monitor under one OBR: MDS 1 and MDS 2.
  const std::string bytes =
      "MSH|^~\\&|GW|F|TITRATE|F|20261121094500+0000||ORU^R01^ORU_R01|S3|P|2.6|||AL|NE|||||"
      "IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\r"
      "OBR|1||S3|182777000^monitoring of patient^SCT|||20261121094459+0000\r"
      "OBX|1||70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|1.0.0.0|||||||X|||||||P1\r"
      "OBX|2|NM|157784^MDC_FLOW_FLUID_PUMP^MDC|1.1.1.1|30|265266^MDC_DIM_MILLI_L_PER_HR^MDC|||||R\r"
      "OBX|3||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|2.0.0.0|||||||X|||||||M1\r"
      "OBX|4|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|2.1.1.1|95|262688^MDC_DIM_PERCENT^MDC|||||R\r";
  const model::MappedMessage mapped = map_text(bytes);
  ASSERT_EQ(mapped.pump_events.size(), 2u) << issues_text(mapped);
  EXPECT_EQ(mapped.pump_events[0].kind, PumpEventKind::kPumpStatus);
  EXPECT_EQ(mapped.pump_events[0].device, "P1");
  EXPECT_EQ(quantity(mapped.pump_events[0].rate), "30 mL/h");
  EXPECT_EQ(mapped.pump_events[1].kind, PumpEventKind::kVitals);
  EXPECT_EQ(mapped.pump_events[1].device, "M1");
  ASSERT_EQ(mapped.pump_events[1].readings.size(), 1u);
  EXPECT_EQ(quantity(mapped.pump_events[1].readings[0].value), "95 %");
}

TEST(PcdMapAlarm, Occlusion) {
  const model::PumpEvent e = single_event(map_fixture("pcd04_occlusion.hl7"));
  EXPECT_EQ(e.kind, PumpEventKind::kAlarm);
  EXPECT_EQ(e.event_code.code, "196940");
  EXPECT_EQ(e.event_code.display, "MDC_EVT_FLUID_LINE_OCCL");
  EXPECT_EQ(e.alarm_priority, "PH");
  EXPECT_EQ(e.device, "00A1B2C3D4E5F601");
  EXPECT_EQ(e.device_kind, "70049");  // from MDC_ATTR_ALERT_SOURCE
  EXPECT_EQ(e.program_id, "PRG0001");
  EXPECT_EQ(e.time.value, "2026-11-21T10:10:09-05:00");
  ASSERT_FALSE(e.readings.empty());
  EXPECT_EQ(e.readings.front().text, "Downstream occlusion");
}

TEST(PcdMapAlarm, WithoutAlarmRow) {
  const model::MappedMessage mapped = map_text(
      "MSH|^~\\&|A|B|C|D|20261121093000+0000||ORU^R40^ORU_R40|7|P|2.6|||AL|NE|||||"
      "IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.4.4^ISO\r"
      "OBR|1|P1||196616^MDC_EVT_ALARM^MDC|||20261121093000+0000\r"
      "OBX|1|CWE|68482^MDC_ATTR_ALARM_STATE^MDC|1.1.1.0.4|active||||||F\r");
  EXPECT_TRUE(has_issue(mapped, "OBR[1]", "101")) << issues_text(mapped);
  EXPECT_TRUE(mapped.pump_events.empty());
}

TEST(PcdMapAnswer, RrgAccept) {
  const model::PumpEvent e = single_event(map_fixture("rrg_o16_accept.hl7"));
  EXPECT_EQ(e.kind, PumpEventKind::kProgramAccepted);
  EXPECT_EQ(e.program_id, "PRG0001");  // ORC-2 over MSA-2
  EXPECT_EQ(e.event_code.code, "AA");
  EXPECT_EQ(e.message_type, "RRG^O16");
  EXPECT_EQ(e.control_id, "SRV7781");
  EXPECT_EQ(e.patient_id.value, "KT100234");
}

TEST(PcdMapAnswer, RrgReject9024) {
  const model::PumpEvent e = single_event(map_fixture("rrg_o16_reject_9024.hl7"));
  EXPECT_EQ(e.kind, PumpEventKind::kProgramRejected);
  EXPECT_EQ(e.reject_code, "9024");
  EXPECT_EQ(e.reject_text, "Drug library hard limit exceeded");
  EXPECT_EQ(e.program_id, "PRG0002");
}

TEST(PcdMapAnswer, AckO15AndProgramIdFromMsa2) {
  const model::PumpEvent ca = single_event(map_fixture("ack_o15_ca.hl7"));
  EXPECT_EQ(ca.kind, PumpEventKind::kProgramAccepted);
  EXPECT_EQ(ca.program_id, "KTR-000017");  // no ORC: MSA-2
  const model::PumpEvent cr = single_event(map_fixture("ack_o15_cr.hl7"));
  EXPECT_EQ(cr.kind, PumpEventKind::kProgramRejected);
  EXPECT_EQ(cr.reject_code, "9010");
  EXPECT_EQ(cr.reject_text, "Unable to match medication to drug library");
}

TEST(PcdMapAnswer, MissingMsaAndUnknownCode) {
  const model::MappedMessage no_msa =
      map_text("MSH|^~\\&|A|B|C|D|20261121||RRG^O16^RRG_O16|1|P|2.6\rORC|RE|P1\r");
  EXPECT_TRUE(has_issue(no_msa, "MSA", "100")) << issues_text(no_msa);
  EXPECT_TRUE(no_msa.pump_events.empty());
  const model::MappedMessage bad_code =
      map_text("MSH|^~\\&|A|B|C|D|20261121||ACK^O15^ACK|1|P|2.6\rMSA|XX|1\r");
  EXPECT_TRUE(has_issue(bad_code, "MSA[1]-1", "103")) << issues_text(bad_code);
  EXPECT_TRUE(bad_code.pump_events.empty());
}

TEST(PcdMapAnswer, UnusedSegmentsAreListed) {
  const model::MappedMessage mapped =
      map_text("MSH|^~\\&|A|B|C|D|20261121||ACK^O15^ACK|1|P|2.6\rMSA|CA|1\rNTE|1||hello\r");
  EXPECT_EQ(mapped.unmapped, std::vector<std::string>{"NTE[1]"});
}

}  // namespace
}  // namespace titrate::pcd
