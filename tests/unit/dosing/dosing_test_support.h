#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "dosing/dosing_engine.h"
#include "dosing/drug_library.h"
#include "gateway/clock/date_time.h"
#include "gateway/model/dosing_plan.h"
#include "gateway/model/infusion_order.h"
#include "gateway/model/patient_context.h"

namespace titrate::dosing::test {

inline constexpr const char* kRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
inline constexpr const char* kIcd10 = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr const char* kSnomed = "http://snomed.info/sct";
inline constexpr const char* kNow = "2026-11-21T09:00:00Z";

inline const DrugLibrary& default_library() {
  static const DrugLibrary library =
      DrugLibrary::load(std::string(TITRATE_CONFIG_DIR) + "/drug-library.json");
  return library;
}

inline const DrugLibrary& test_library() {
  static const DrugLibrary library =
      DrugLibrary::load(std::string(TITRATE_FIXTURES_DIR) + "/dosing/test-library.json");
  return library;
}

inline int64_t at(const char* text) {
  const std::optional<clock::Instant> instant = clock::parse_date_time(model::DateTime{text});
  EXPECT_TRUE(instant) << text;
  return instant ? instant->us : 0;
}

inline model::Quantity qty(const char* value, const char* unit) {
  return model::Quantity{*model::Decimal::parse(value), unit};
}

inline model::Decimal dec(const char* value) {
  return *model::Decimal::parse(value);
}

// A ketamine order with a dose (`dose_unit` mass or mass per kg) or nothing.
inline model::InfusionOrder order(const char* dose = nullptr, const char* dose_unit = "mg/kg",
                                  const char* minutes = nullptr) {
  model::InfusionOrder o;
  o.placer = model::Identifier{"urn:oid:1.2.3", "ORD1", "PLAC", ""};
  o.patient_id = model::Identifier{"urn:oid:9.9", "MRN1", "MR", ""};
  o.medication.codings.push_back(model::Coding{kRxNorm, "6130", "ketamine"});
  if (dose) o.dose = qty(dose, dose_unit);
  if (minutes) o.timing.duration = qty(minutes, "min");
  o.authored = model::DateTime{"2026-11-21T08:00:00Z"};
  return o;
}

inline model::InfusionOrder mh_order(const char* mg_per_kg = "0.5", const char* minutes = "40") {
  model::InfusionOrder o = order(mg_per_kg, "mg/kg", minutes);
  o.care_area = "mental-health";
  o.concentration = model::Ratio{qty("1", "mg"), qty("1", "mL")};
  return o;
}

inline model::BodyMeasurement weight(const char* value, const char* unit = "kg",
                                     const char* effective = "2026-11-20T08:00:00Z") {
  model::BodyMeasurement m;
  m.kind = model::BodyMeasurement::Kind::kWeight;
  m.value = qty(value, unit);
  m.reported = m.value;
  m.effective = model::DateTime{effective};
  m.status = "final";
  return m;
}

inline model::PatientContext patient(const char* kg = "80") {
  model::PatientContext p;
  p.patient_id = model::Identifier{"urn:oid:9.9", "MRN1", "MR", ""};
  if (kg) p.measurements.push_back(weight(kg));
  return p;
}

inline model::Condition condition(const char* system, const char* code,
                                  const char* status = "active") {
  model::Condition c;
  c.code.codings.push_back(model::Coding{system, code, ""});
  c.clinical_status = status;
  return c;
}

inline model::LimitOverride limit_override(const char* reason) {
  model::LimitOverride o;
  o.by.identifier = model::Identifier{"urn:npi", "123", "", ""};
  o.reason = reason;
  return o;
}

inline Decision decide(const DrugLibrary& library, const model::PatientContext& p,
                       const model::InfusionOrder& o, const OrderHistory& history = {},
                       const char* now = kNow) {
  return DosingEngine(library).evaluate(p, o, history, at(now));
}

inline std::string codes(const model::OrderStatusUpdate& status) {
  std::string out;
  for (const model::Reason& r : status.reasons) out += (out.empty() ? "" : ",") + r.code;
  return out;
}

}  // namespace titrate::dosing::test
