#include "tools/pump_sim/pcd_writer.h"

#include <optional>

#include "gateway/clock/utc_time.h"
#include "gateway/model/values.h"
#include "mappers/hl7v2/encoder.h"
#include "mappers/inbound/pcd/mdc_units.h"
#include "mappers/inbound/pcd/pcd_message_kind.h"

namespace titrate::pump_sim {
namespace {

using hl7v2::Encoder;

constexpr std::string_view kApplication = "PUMPSIM";
constexpr std::string_view kGatewayEui = "00A1B2C3D4E5F600";  // the simulated pump server
constexpr std::string_view kFacility = "INFUSIONSUITE";

std::string number(double value) {
  return model::Decimal::from_double(value, 1).to_string();
}

void msh(Encoder& e, const Envelope& env, std::string_view type, std::string_view receiver_app,
         std::string_view receiver_facility, std::string_view ack_type) {
  e.segment("MSH").field_at(3).text(kApplication).component(kGatewayEui).component("EUI-64");
  e.field(kFacility).field(receiver_app).field(receiver_facility);
  e.field(clock::hl7_dtm_utc(env.time_us));
  e.field_at(9).raw(type).field(env.control_id).field("P").field("2.6");
  e.field_at(15).text(ack_type).field("NE");
  e.field_at(18).text("UNICODE UTF-8");
}

void profile(Encoder& e, std::string_view id, std::string_view oid) {
  e.field_at(19).text("en").component("English").component("ISO639");
  e.field_at(21).text(id).component("IHE PCD").component(oid).component("ISO");
}

void device_header(Encoder& e, const Envelope& env, std::string_view type, std::string_view id,
                   std::string_view oid) {
  msh(e, env, type, "TITRATE", "", "AL");  // MSH-15 AL: the gateway answers every message
  profile(e, id, oid);
}

void patient(Encoder& e, std::string_view pid3, std::string_view location) {
  if (!pid3.empty()) e.segment("PID").field_at(3).raw(pid3);
  e.segment("PV1").field_at(2).text("O").field();
  // The location is "point of care^room^bed": one text per component.
  for (size_t n = 0; n < 3; ++n) {
    const size_t caret = location.find('^');
    if (n > 0) e.component();
    e.text(location.substr(0, caret));
    if (caret == std::string_view::npos) break;
    location.remove_prefix(caret + 1);
  }
}

// OBX rows, numbered in order.
class Rows {
 public:
  explicit Rows(Encoder& e) : e_(e) {}

  Encoder& start(std::string_view type, std::string_view code, std::string_view refid,
                 std::string_view address) {
    e_.segment("OBX").field(std::to_string(++n_)).field(type).field(code).component(refid);
    e_.component(pcd::kMdcSystemName).field(address);
    return e_;
  }
  void device(std::string_view code, std::string_view refid, std::string_view address,
              const Device* equipment = nullptr, int64_t time_us = 0) {
    start("", code, refid, address).field_at(11).text("X");
    if (time_us != 0) e_.field_at(14).text(clock::hl7_dtm_utc(time_us));
    if (equipment) {
      e_.field_at(18).text(equipment->name).component().component(equipment->eui64);
      e_.component("EUI-64");
    }
  }
  void coded(std::string_view code, std::string_view refid, std::string_view address,
             std::string_view value) {
    start("CWE", code, refid, address).field().component(value).field_at(11).text("R");
  }
  void coded_mdc(std::string_view code, std::string_view refid, std::string_view address,
                 std::string_view value_code, std::string_view value_refid) {
    start("CWE", code, refid, address).field(value_code).component(value_refid);
    e_.component(pcd::kMdcSystemName).field_at(11).text("R");
  }
  void text(std::string_view code, std::string_view refid, std::string_view address,
            std::string_view value) {
    start("ST", code, refid, address).field(value).field_at(11).text("R");
  }
  void numeric(std::string_view code, std::string_view refid, std::string_view address,
               std::string_view value, std::string_view unit, std::string_view range = {}) {
    start("NM", code, refid, address).field(value).field();
    std::optional<pcd::MdcUnit> mdc = pcd::mdc_unit(unit);
    if (!mdc) mdc = pcd::mdc_unit_for_ucum(unit);
    if (mdc) {
      e_.text(mdc->code).component(mdc->refid).component(pcd::kMdcSystemName);
      e_.component(mdc->ucum).component(mdc->ucum).component("UCUM");
    } else {
      e_.text(unit).component(unit).component("UCUM");
    }
    e_.field(range).field_at(11).text("R");
  }

 private:
  Encoder& e_;
  int n_ = 0;
};

void obr(Encoder& e, const Envelope& env, std::string_view program_id, const Device& device) {
  e.segment("OBR").field("1");
  if (!program_id.empty()) {
    e.field(program_id).component("TITRATE");
  } else {
    e.field();
  }
  e.field(env.control_id).component(kApplication).component(device.eui64).component("EUI-64");
}

void infusion_rows(Rows& rows, const InfusionSnapshot& s, bool with_reason) {
  const Program& p = *s.program;
  rows.device("70050", "MDC_DEV_PUMP_INFUS_LVP_VMD", "1.1.0.0");
  rows.device("70067", "MDC_DEV_PUMP_DELIVERY_INFO", "1.1.1.0");
  rows.coded("184519", "MDC_PUMP_INFUSING_STATUS", "1.1.1.1",
             s.infusing ? "pump-status-infusing" : "pump-status-not-infusing");
  rows.numeric("158014", "MDC_FLOW_FLUID_PUMP_CURRENT", "1.1.1.2",
               number(s.infusing ? p.rate_ml_h : 0), "mL/h");
  rows.coded("158016", "MDC_DEV_PUMP_ACTIVE_SOURCES", "1.1.1.3", "pump-source-info-primary");
  rows.device("70071", "MDC_DEV_PUMP_INFUSATE_SOURCE_PRIMARY", "1.1.2.0");
  rows.coded("158005", "MDC_DEV_PUMP_CURRENT_DELIVERY_STATUS", "1.1.2.1",
             "pump-delivery-status-" + s.delivery_status);
  if (with_reason && !s.not_delivering_reason.empty()) {
    // The reason's numeric code is not in the TF text: matched by REFID (fixtures/pcd README).
    rows.coded("", "MDC_DEV_PUMP_NOT_DELIVERING_REASON", "1.1.2.2", s.not_delivering_reason);
  }
  rows.coded("158008", "MDC_DEV_PUMP_PROGRAM_DELIVERY_MODE", "1.1.2.3",
             "pump-program-delivery-mode-continuous");
  rows.text("158012", "MDC_DEV_PUMP_SOURCE_CHANNEL_LABEL", "1.1.2.4", "Primary");
  rows.numeric("157784", "MDC_FLOW_FLUID_PUMP", "1.1.2.5", number(p.rate_ml_h), "mL/h");
  if (p.dose_rate_mg_h > 0) {
    rows.numeric("157924", "MDC_RATE_DOSE", "1.1.2.6", number(p.dose_rate_mg_h), "mg/h");
  }
  rows.numeric("157884", "MDC_VOL_FLUID_TBI", "1.1.2.7", p.vtbi_text, "mL");
  rows.numeric("157993", "MDC_VOL_FLUID_DELIV_TOTAL", "1.1.2.8", s.volume_text, "mL");
  rows.numeric("157872", "MDC_VOL_FLUID_TBI_REMAIN", "1.1.2.9", number(s.remaining_ml), "mL");
  rows.numeric("157916", "MDC_TIME_PD_REMAIN", "1.1.2.10", number(s.remaining_min), "min");
  if (!p.drug_name.empty()) {
    rows.text("184514", "MDC_DRUG_NAME_LABEL", "1.1.2.11", p.drug_name);
  }
  if (p.concentration_mg_ml > 0) {
    rows.numeric("157760", "MDC_CONC_DRUG", "1.1.2.12",
                 model::Decimal::from_double(p.concentration_mg_ml, 3).to_string(), "mg/mL");
  }
  if (p.weight_kg > 0) {
    rows.numeric("68063", "MDC_ATTR_PT_WEIGHT", "1.1.2.13", number(p.weight_kg), "kg");
  }
}

void drug(Encoder& e, const Program& p) {
  e.field(p.drug_code).component(p.drug_name);
  if (!p.drug_system.empty()) e.component(p.drug_system);
}

}  // namespace

std::string pcd10_event(const Device& pump, const Envelope& env, const InfusionSnapshot& s,
                        InfusionEvent event) {
  const Program& p = *s.program;
  Encoder e;
  device_header(e, env, "ORU^R42^ORU_R01", "IHE_PCD_010", pcd::kIpecOid);
  patient(e, p.patient_pid3, pump.location);
  obr(e, env, p.program_id, pump);
  drug(e, p);
  e.field_at(7).text(clock::hl7_dtm_utc(env.time_us));
  Rows rows(e);
  rows.device("70049", "MDC_DEV_PUMP_INFUS_LVP_MDS", "1.0.0.0", &pump);
  rows.text("184517", "MDC_PUMP_DRUG_LIBRARY_VERSION", "1.0.0.1", "KETLIB-7");
  switch (event) {
    case InfusionEvent::kStart:
      rows.coded_mdc("68487", "MDC_ATTR_EVT_COND", "1.0.0.2", "197288", "MDC_EVT_PUMP_DELIV_START");
      break;
    case InfusionEvent::kStop:
      rows.coded_mdc("68487", "MDC_ATTR_EVT_COND", "1.0.0.2", "", "MDC_EVT_PUMP_DELIV_STOP");
      break;
    case InfusionEvent::kComplete:
      rows.coded_mdc("68487", "MDC_ATTR_EVT_COND", "1.0.0.2", "", "MDC_EVT_PUMP_DELIV_COMP");
      break;
  }
  rows.text("68488", "MDC_ATTR_EVT_SOURCE", "1.0.0.3", "1.1.2.0");
  infusion_rows(rows, s, event != InfusionEvent::kStart);
  return e.finish();
}

std::string pcd01_pump_status(const Device& pump, const Envelope& env, const InfusionSnapshot& s) {
  Encoder e;
  device_header(e, env, "ORU^R01^ORU_R01", "IHE_PCD_001", pcd::kDecOid);
  patient(e, s.program ? std::string_view(s.program->patient_pid3) : "", pump.location);
  obr(e, env, s.program ? std::string_view(s.program->program_id) : "", pump);
  e.text("70049").component("MDC_DEV_PUMP_INFUS_LVP_MDS").component(pcd::kMdcSystemName);
  e.field_at(7).text(clock::hl7_dtm_utc(env.time_us));
  Rows rows(e);
  rows.device("70049", "MDC_DEV_PUMP_INFUS_LVP_MDS", "1.0.0.0", &pump);
  if (!s.program) {
    rows.device("70050", "MDC_DEV_PUMP_INFUS_LVP_VMD", "1.1.0.0");
    rows.device("126978", "MDC_DEV_PUMP_INFUS_CHAN_DELIVERY", "1.1.1.0");
    rows.coded("184519", "MDC_PUMP_INFUSING_STATUS", "1.1.1.1", "pump-status-not-infusing");
    return e.finish();
  }
  infusion_rows(rows, s, true);
  return e.finish();
}

std::string pcd04_occlusion(const Device& pump, const Envelope& env, const InfusionSnapshot& s) {
  const Program& p = *s.program;
  Encoder e;
  device_header(e, env, "ORU^R40^ORU_R40", "IHE_PCD_ACM_001", pcd::kAcmOid);
  patient(e, p.patient_pid3, pump.location);
  obr(e, env, p.program_id, pump);
  e.text("196616").component("MDC_EVT_ALARM").component(pcd::kMdcSystemName);
  e.field_at(7).text(clock::hl7_dtm_utc(env.time_us));
  Rows rows(e);
  Encoder& alarm = rows.start("CWE", "196616", "MDC_EVT_ALARM", "1.1.1.0.1");
  alarm.field("196940").component("MDC_EVT_FLUID_LINE_OCCL").component(pcd::kMdcSystemName);
  alarm.component().component().component().component().component().component(
      "Downstream occlusion");
  alarm.field_at(8).text("PH").repetition("SP").field_at(11).text("F");
  alarm.field_at(18).text(pump.name).component().component(pump.eui64).component("EUI-64");
  rows.coded_mdc("68480", "MDC_ATTR_ALERT_SOURCE", "1.1.1.0.2", "70049",
                 "MDC_DEV_PUMP_INFUS_LVP_MDS");
  rows.text("68481", "MDC_ATTR_EVENT_PHASE", "1.1.1.0.3", "start");
  rows.text("68482", "MDC_ATTR_ALARM_STATE", "1.1.1.0.4", "active");
  return e.finish();
}

std::string pcd01_vitals(const Device& monitor, const Envelope& env, std::string_view patient_pid3,
                         const Vitals& v) {
  Encoder e;
  device_header(e, env, "ORU^R01^ORU_R01", "IHE_PCD_001", pcd::kDecOid);
  patient(e, patient_pid3, monitor.location);
  obr(e, env, "", monitor);
  e.text("69965").component("MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS").component(pcd::kMdcSystemName);
  e.field_at(7).text(clock::hl7_dtm_utc(env.time_us));
  Rows rows(e);
  rows.device("69965", "MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS", "1.0.0.0", &monitor, env.time_us);
  rows.device("70686", "MDC_DEV_PRESS_BLD_NONINV_VMD", "1.1.0.0");
  rows.device("70675", "MDC_DEV_PULS_CHAN", "1.1.1.0");
  rows.numeric("150021", "MDC_PRESS_BLD_NONINV_SYS", "1.1.1.1", std::to_string(v.systolic),
               "mm[Hg]", "90-160");
  rows.numeric("150022", "MDC_PRESS_BLD_NONINV_DIA", "1.1.1.2", std::to_string(v.diastolic),
               "mm[Hg]");
  rows.numeric("150023", "MDC_PRESS_BLD_NONINV_MEAN", "1.1.1.3", std::to_string(v.mean_pressure),
               "mm[Hg]");
  rows.device("4262", "MDC_DEV_ECG_VMD", "1.2.0.0");
  rows.device("4263", "MDC_DEV_ECG_CHAN", "1.2.1.0");
  rows.numeric("147842", "MDC_ECG_CARD_BEAT_RATE", "1.2.1.1", std::to_string(v.heart_rate),
               "264864", "50-120");
  rows.numeric("151562", "MDC_RESP_RATE", "1.2.1.2", std::to_string(v.respiratory_rate), "264928",
               "8-30");
  rows.device("69642", "MDC_DEV_ANALY_SAT_O2_VMD", "1.3.0.0");
  rows.device("70771", "MDC_DEV_ANALY_PERF_REL_CHAN", "1.3.1.0");
  rows.numeric("150456", "MDC_PULS_OXIM_SAT_O2", "1.3.1.1", std::to_string(v.spo2), "%", "90-100");
  return e.finish();
}

std::string ack_o15(const hl7v2::Message& rgv, const Envelope& env, bool accepted,
                    const ProgramError& error) {
  Encoder e;
  msh(e, env, "ACK^O15^ACK", rgv.text("MSH-3.1").value_or(""), rgv.text("MSH-4.1").value_or(""),
      "");
  e.field_at(21).text("IHE_PCD_PIV_001").component("IHE PCD").component(pcd::kPivOid);
  e.component("ISO");
  e.segment("MSA").field(accepted ? "CA" : "CR").field(rgv.text("MSH-10").value_or(""));
  if (!accepted) {
    e.segment("ERR").field().field(error.location).field("207");
    e.component("Application internal error").component("HL70357");
    e.field("E").field(error.code).component(error.text);
  }
  return e.finish();
}

std::string rrg_o16(const Program& program, const Envelope& env, bool accepted,
                    const ProgramError& error) {
  Encoder e;
  msh(e, env, "RRG^O16^RRG_O16", program.sender_application, program.sender_facility, "AL");
  e.field_at(21).text("IHE_PCD_PIV_001").component("IHE PCD").component(pcd::kPivAnswerOid);
  e.component("ISO");
  e.segment("MSA").field(accepted ? "AA" : "AR").field(program.control_id);
  if (!accepted) {
    e.segment("ERR").field().field(error.location).field("207");
    e.component("Application internal error").component("HL70357");
    e.field("E").field(error.code).component(error.text);
  }
  e.segment("PID").field_at(3).raw(program.patient_pid3);
  e.segment("ORC").field("RE").field(program.program_id);
  return e.finish();
}

}  // namespace titrate::pump_sim
