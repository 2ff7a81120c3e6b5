#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "gateway/model/administration.h"
#include "gateway/model/dosing_plan.h"

// Shared by the outbound FHIR mapping tests: parsing what a mapper wrote, and sample events.
namespace titrate::outbound::fhir::test_support {

inline rapidjson::Document parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  EXPECT_FALSE(doc.HasParseError()) << json;
  EXPECT_TRUE(doc.IsObject()) << json;
  return doc;
}

inline std::string str(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : "<not a string>";
}

// Every string, array and object in `v` is non-empty (FHIR forbids empty values); the paths of
// the offenders, comma-separated.
inline std::string empty_values(const rapidjson::Value& v, const std::string& path = "$") {
  std::string found;
  auto add = [&](const std::string& p) { found += (found.empty() ? "" : ", ") + p; };
  if (v.IsString() && v.GetStringLength() == 0) add(path);
  if (v.IsArray()) {
    if (v.Empty()) add(path);
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      const std::string inner = empty_values(v[i], path + "[" + std::to_string(i) + "]");
      if (!inner.empty()) add(inner);
    }
  }
  if (v.IsObject()) {
    if (v.MemberCount() == 0) add(path);
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      const std::string inner = empty_values(m->value, path + "." + m->name.GetString());
      if (!inner.empty()) add(inner);
    }
  }
  return found;
}

inline model::Identifier identifier(std::string system, std::string value, std::string type = {}) {
  model::Identifier id;
  id.system = std::move(system);
  id.value = std::move(value);
  id.type = std::move(type);
  return id;
}

inline model::Quantity qty(std::string_view value, std::string unit) {
  return {*model::Decimal::parse(value), std::move(unit)};
}

inline model::CodeableConcept ketamine() {
  model::CodeableConcept medication;
  medication.codings.push_back({"http://snomed.info/sct", "373464007", "Ketamine"});
  medication.codings.push_back({"http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine"});
  medication.text = "ketamine";
  return medication;
}

inline constexpr std::string_view kPump = "0012210000000001";

inline model::AdministrationEvent running_session() {
  model::AdministrationEvent e;
  e.session_id = "sess-4711";
  e.sequence = 3;
  e.action = model::AdministrationAction::kRateChange;
  e.state = model::SessionState::kRunning;
  e.plan_id = "plan-1";
  e.placer = identifier("http://hospital.example/orders", "ORD-77", "PLAC");
  e.patient_id = identifier("2.16.840.1.113883.19.5", "MRN-1", "MR");
  e.visit_number = identifier("http://hospital.example/visits", "V-9", "VN");
  e.device = std::string(kPump);
  e.medication = ketamine();
  e.concentration = {qty("1", "mg"), qty("1", "mL")};
  e.started = {"2026-11-21T08:00:00-05:00"};
  e.time = {"2026-11-21T08:35:00-05:00"};
  e.rate = qty("60", "mL/h");
  e.dose_rate = qty("60", "mg/h");
  e.volume_delivered = qty("35.0", "mL");
  e.dose_delivered = qty("35.0", "mg");
  return e;
}

inline model::ObservationEvent heart_rate() {
  model::ObservationEvent o;
  o.observation_id = "obs-hr-1";
  o.category = "vital-signs";
  o.code.codings.push_back({"urn:iso:std:iso:11073:10101", "147842", "MDC_ECG_CARD_BEAT_RATE"});
  o.code.codings.push_back({"http://loinc.org", "8867-4", "Heart rate"});
  o.value = qty("72", "/min");
  o.patient_id = identifier("http://hospital.example/mrn", "MRN-1", "MR");
  o.device = "monitor-7";
  o.session_id = "sess-4711";
  o.time = {"2026-11-21T08:30:00-05:00"};
  o.source_event_id = "evt-pcd01-9";
  return o;
}

inline model::ObservationEvent blood_pressure() {
  model::ObservationEvent o = heart_rate();
  o.observation_id = "obs-bp-1";
  o.code = {};
  o.code.codings.push_back({"http://loinc.org", "85354-9", "Blood pressure panel"});
  o.value.reset();
  model::ObservationComponent systolic;
  systolic.code.codings.push_back(
      {"urn:iso:std:iso:11073:10101", "150021", "MDC_PRESS_BLD_NONINV_SYS"});
  systolic.code.codings.push_back({"http://loinc.org", "8480-6", "Systolic blood pressure"});
  systolic.value = qty("128", "mm[Hg]");
  model::ObservationComponent diastolic;
  diastolic.code.codings.push_back({"http://loinc.org", "8462-4", "Diastolic blood pressure"});
  diastolic.value = qty("84", "mm[Hg]");
  o.components = {systolic, diastolic};
  return o;
}

inline model::ObservationEvent pump_rate_reading() {
  model::ObservationEvent o;
  o.observation_id = "obs-rate-1";
  o.category = "device";
  o.code.codings.push_back({"urn:iso:std:iso:11073:10101", "157784", "MDC_FLOW_FLUID_PUMP"});
  o.value = qty("60.0", "mL/h");
  o.patient_id = identifier("http://hospital.example/mrn", "MRN-1");
  o.device = std::string(kPump);
  o.time = {"2026-11-21T08:31:00-05:00"};
  o.source_event_id = "evt-pcd01-10";
  return o;
}

inline model::Alert rate_alert() {
  model::Alert a;
  a.alert_id = "alert-1";
  a.code = "rate-mismatch";
  a.severity = "high";
  a.action = model::AlertAction::kPause;
  a.message = "Pump rate 120 mL/h differs from the planned 60 mL/h";
  a.rule = "/monitoring/rate_tolerance";
  a.patient_id = identifier("http://hospital.example/mrn", "MRN-1");
  a.device = std::string(kPump);
  a.session_id = "sess-4711";
  a.plan_id = "plan-1";
  a.time = {"2026-11-21T08:40:00-05:00"};
  return a;
}

inline model::OrderStatusUpdate held_order() {
  model::OrderStatusUpdate u;
  u.placer = identifier("http://hospital.example/orders", "ORD-77");
  u.filler = identifier("http://fhir.titrate.dev/sid/filler", "F-1");
  u.patient_id = identifier("http://hospital.example/mrn", "MRN-1", "MR");
  u.state = model::OrderState::kHeld;
  u.reasons.push_back({"weight-missing", "No weight within 30 days", "/weight/max_age_days", {}});
  u.reasons.push_back({"contraindication",
                       "Contraindication on the problem list",
                       "/contraindications/0",
                       {"http://hl7.org/fhir/sid/icd-10", "I10", ""}});
  u.plan_id = "plan-1";
  u.time = {"2026-11-21T07:00:00-05:00"};
  return u;
}

}  // namespace titrate::outbound::fhir::test_support
