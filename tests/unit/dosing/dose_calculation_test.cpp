#include <gtest/gtest.h>

#include "tests/unit/dosing/dosing_test_support.h"

namespace titrate::dosing::test {
namespace {

using model::OrderState;

model::DosingPlan accepted_plan(const Decision& d) {
  EXPECT_EQ(d.status.state, OrderState::kAccepted) << codes(d.status);
  return d.plan.value_or(model::DosingPlan{});
}

TEST(DoseCalculation, DepressionMgPerKgOver40Minutes) {
  const Decision d = decide(default_library(), patient("80"), mh_order("0.5", "40"));
  const model::DosingPlan plan = accepted_plan(d);
  EXPECT_EQ(plan.dose.value, qty("40", "mg"));
  EXPECT_EQ(plan.dose_rate.value, qty("60", "mg/h"));
  EXPECT_EQ(plan.infusion_rate.value, qty("60.0", "mL/h"));
  EXPECT_EQ(plan.vtbi.value, qty("40.0", "mL"));
  EXPECT_EQ(plan.duration.value, qty("40", "min"));
  EXPECT_EQ(plan.weight.value, qty("80", "kg"));
  EXPECT_EQ(plan.library_entry, "ketamine-mh-1mgml");
  EXPECT_EQ(plan.dosing_basis, "mg/kg");
  EXPECT_EQ(plan.care_area, "mental-health");
  EXPECT_EQ(plan.plan_id, "urn:oid:1.2.3|ORD1#v1#1");
  EXPECT_EQ(d.status.plan_id, plan.plan_id);
  EXPECT_EQ(plan.dose.rule, "dose = dose_per_kg × weight, mg to 0.01");
  ASSERT_EQ(plan.dose.inputs.size(), 2u);
  EXPECT_EQ(plan.dose.inputs[0].name, "dose_per_kg");
  EXPECT_EQ(plan.dose.inputs[0].value, qty("0.5", "mg/kg"));
  EXPECT_EQ(plan.dose.inputs[1].source, "weight observation 2026-11-20T08:00:00Z");
  EXPECT_EQ(plan.infusion_rate.rule, "infusion_rate = dose_rate ÷ concentration, mL/h to 0.1");
  ASSERT_TRUE(d.infusion);
  EXPECT_EQ(d.infusion->mg, dec("40"));
}

TEST(DoseCalculation, RoundsOnceAtTheEnd) {
  // 0.5 mg/kg × 73.3 kg = 36.65 mg over 35 min: 62.828571... mg/h, 62.8 mL/h, 36.7 mL.
  const Decision d = decide(default_library(), patient("73.3"), mh_order("0.5", "35"));
  const model::DosingPlan plan = accepted_plan(d);
  EXPECT_EQ(plan.dose.value, qty("36.65", "mg"));
  EXPECT_EQ(plan.dose_rate.value, qty("62.83", "mg/h"));
  EXPECT_EQ(plan.infusion_rate.value, qty("62.8", "mL/h"));
  EXPECT_EQ(plan.vtbi.value, qty("36.7", "mL"));  // 36.65 rounds half away from zero
}

TEST(DoseCalculation, WeightInPoundsDoseInMicrogramsDurationInHours) {
  model::PatientContext p;
  p.measurements.push_back(weight("176", "[lb_av]"));  // 79.832 kg (units::convert)
  model::InfusionOrder o = mh_order();
  o.dose = qty("500", "ug/kg");
  o.timing.duration = qty("0.5", "h");
  const model::DosingPlan plan = accepted_plan(decide(default_library(), p, o));
  EXPECT_EQ(plan.weight.value, qty("79.832", "kg"));
  EXPECT_EQ(plan.duration.value, qty("30", "min"));
  EXPECT_EQ(plan.dose.value, qty("39.92", "mg"));  // 0.5 × 79.832 = 39.916
  EXPECT_EQ(plan.dose_rate.value, qty("79.83", "mg/h"));
  EXPECT_EQ(plan.infusion_rate.value, qty("79.8", "mL/h"));
}

TEST(DoseCalculation, DefaultDurationFromTheLibraryIsAnInput) {
  const model::DosingPlan& plan =
      accepted_plan(decide(default_library(), patient("80"), mh_order("0.5", nullptr)));
  EXPECT_EQ(plan.duration.value, qty("40", "min"));
  ASSERT_EQ(plan.duration.inputs.size(), 1u);
  EXPECT_EQ(plan.duration.inputs[0].source, "library ketamine-mh-1mgml default_duration");
}

TEST(DoseCalculation, MgBasisChronicPainFirstSession) {
  model::InfusionOrder o = order("80", "mg", "150");
  o.care_area = "chronic-pain";
  const model::DosingPlan plan = accepted_plan(decide(default_library(), patient(nullptr), o));
  EXPECT_EQ(plan.library_entry, "ketamine-cp-first-1mgml");
  EXPECT_EQ(plan.dose.value, qty("80", "mg"));
  EXPECT_EQ(plan.dose_rate.value, qty("32", "mg/h"));
  EXPECT_EQ(plan.infusion_rate.value, qty("32.0", "mL/h"));
  EXPECT_EQ(plan.vtbi.value, qty("80.0", "mL"));
  EXPECT_EQ(plan.weight.value, qty("0", "kg"));
  EXPECT_EQ(plan.weight.rule, "not used: dosing basis mg");
}

TEST(DoseCalculation, MgPerKgPerHourCrps) {
  model::InfusionOrder o = order();
  o.dose_rate = qty("0.35", "mg/kg/h");
  o.timing.duration = qty("4", "h");
  o.indications.push_back(model::CodeableConcept{{{kIcd10, "G90.50", ""}}, ""});
  const model::DosingPlan plan = accepted_plan(decide(default_library(), patient("60"), o));
  EXPECT_EQ(plan.library_entry, "ketamine-cp-crps-1mgml");
  EXPECT_EQ(plan.dose_rate.value, qty("21", "mg/h"));
  EXPECT_EQ(plan.dose.value, qty("84", "mg"));
  EXPECT_EQ(plan.infusion_rate.value, qty("21.0", "mL/h"));
  EXPECT_EQ(plan.vtbi.value, qty("84.0", "mL"));
  EXPECT_EQ(plan.duration.value, qty("240", "min"));
}

TEST(DoseCalculation, MicrogramsPerKgPerMinuteAndAConcentrationOf500In500) {
  model::InfusionOrder o = order();
  o.care_area = "mental-health";
  o.dose_rate = qty("5", "ug/kg/min");  // 0.3 mg/kg/h
  o.concentration = model::Ratio{qty("500", "mg"), qty("500", "mL")};
  const model::DosingPlan plan = accepted_plan(decide(test_library(), patient("70"), o));
  EXPECT_EQ(plan.library_entry, "test-mgkgh");
  EXPECT_EQ(plan.dose_rate.value, qty("21", "mg/h"));
  EXPECT_EQ(plan.dose.value, qty("84", "mg"));  // default 4 h
  EXPECT_EQ(plan.infusion_rate.value, qty("21.0", "mL/h"));
}

TEST(DoseCalculation, MgPerHourBasisAtTwoMgPerMl) {
  model::InfusionOrder o = order();
  o.care_area = "chronic-pain";
  o.dose_rate = qty("20", "mg/h");
  o.timing.duration = qty("90", "min");
  const model::DosingPlan plan = accepted_plan(decide(test_library(), patient(nullptr), o));
  EXPECT_EQ(plan.library_entry, "test-mgh");
  EXPECT_EQ(plan.dose.value, qty("30", "mg"));
  EXPECT_EQ(plan.infusion_rate.value, qty("10.0", "mL/h"));
  EXPECT_EQ(plan.vtbi.value, qty("15.0", "mL"));
}

TEST(DoseCalculation, PlanCarriesLocationVisitSeriesAndDevice) {
  model::PatientContext p = patient("80");
  p.visit = model::Visit{};
  p.visit->visit_number = model::Identifier{"urn:oid:9.8", "V1", "VN", ""};
  p.visit->location = model::Location{"3W", "302", "1", "GENHOSP"};
  model::InfusionOrder o = mh_order();
  o.timing.count = 6;
  o.device = "pump-7";
  OrderHistory h;
  h.version = 2;
  h.infusion_number = 3;
  const model::DosingPlan plan = accepted_plan(decide(default_library(), p, o, h));
  EXPECT_EQ(plan.location, "3W^302^1");
  EXPECT_EQ(plan.visit_number.value, "V1");
  EXPECT_EQ(plan.device, "pump-7");
  EXPECT_EQ(plan.infusion_number, 3);
  EXPECT_EQ(plan.series_total, 6);
  EXPECT_EQ(plan.plan_id, "urn:oid:1.2.3|ORD1#v2#3");
}

}  // namespace
}  // namespace titrate::dosing::test
