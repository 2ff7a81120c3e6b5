#include <gtest/gtest.h>

#include "tests/unit/dosing/dosing_test_support.h"

namespace titrate::dosing::test {
namespace {

using model::OrderState;

// --- weight -------------------------------------------------------------------------------

TEST(Weight, MissingHoldsAWeightBasedOrder) {
  const Decision d = decide(default_library(), patient(nullptr), mh_order());
  EXPECT_EQ(d.status.state, OrderState::kHeld);
  EXPECT_EQ(codes(d.status), "weight-missing");
  EXPECT_FALSE(d.plan);
}

TEST(Weight, StaleAtMaxAgePlusOneSecondFreshAtMaxAge) {
  // Default max age 720 h = 30 days before 2026-11-21T09:00:00Z.
  model::PatientContext p = patient(nullptr);
  p.measurements.push_back(weight("80", "kg", "2026-10-22T09:00:00Z"));
  EXPECT_EQ(decide(default_library(), p, mh_order()).status.state, OrderState::kAccepted);
  p.measurements[0].effective = model::DateTime{"2026-10-22T08:59:59Z"};
  const Decision stale = decide(default_library(), p, mh_order());
  EXPECT_EQ(codes(stale.status), "weight-stale");
  EXPECT_EQ(stale.status.reasons[0].rule, "/weight/max_age_hours");
}

TEST(Weight, LatestUsableWeightWins) {
  model::PatientContext p = patient(nullptr);
  p.measurements.push_back(weight("90", "kg", "2026-11-19T08:00:00-05:00"));
  p.measurements.push_back(weight("80", "kg", "2026-11-20T08:00:00Z"));
  model::BodyMeasurement wrong = weight("200", "kg", "2026-11-21T08:00:00Z");
  wrong.status = "entered-in-error";
  p.measurements.push_back(wrong);
  model::BodyMeasurement height = weight("180", "cm", "2026-11-21T08:30:00Z");
  height.kind = model::BodyMeasurement::Kind::kHeight;
  p.measurements.push_back(height);
  const Decision d = decide(default_library(), p, mh_order());
  ASSERT_TRUE(d.plan);
  EXPECT_EQ(d.plan->weight.value, qty("80", "kg"));
}

TEST(Weight, NotNeededForAnMgOrder) {
  model::InfusionOrder o = order("80", "mg", "150");
  o.care_area = "chronic-pain";
  EXPECT_EQ(decide(default_library(), patient(nullptr), o).status.state, OrderState::kAccepted);
}

// --- library entry and care area ----------------------------------------------------------

TEST(Lookup, UnknownDrugIsRejected) {
  model::InfusionOrder o = mh_order();
  o.medication.codings = {model::Coding{kRxNorm, "3289", "dextromethorphan"}};
  const Decision d = decide(default_library(), patient(), o);
  EXPECT_EQ(d.status.state, OrderState::kRejected);
  EXPECT_EQ(codes(d.status), "no-library-entry");
}

TEST(Lookup, SnomedSubstanceCodeFindsTheEntry) {
  model::InfusionOrder o = mh_order();
  o.medication.codings = {model::Coding{kSnomed, "373464007", ""}};
  EXPECT_EQ(decide(default_library(), patient(), o).status.state, OrderState::kAccepted);
}

TEST(Lookup, UnknownConcentrationIsRejected) {
  model::InfusionOrder o = mh_order();
  o.concentration = model::Ratio{qty("10", "mg"), qty("1", "mL")};
  const Decision d = decide(default_library(), patient(), o);
  EXPECT_EQ(d.status.state, OrderState::kRejected);
  EXPECT_EQ(codes(d.status), "unknown-concentration");
  EXPECT_EQ(d.status.reasons[0].rule, "/entries/0/concentration");
}

TEST(Lookup, EquivalentConcentrationMatches) {
  model::InfusionOrder o = mh_order();
  o.concentration = model::Ratio{qty("0.25", "g"), qty("250", "mL")};
  EXPECT_EQ(decide(default_library(), patient(), o).status.state, OrderState::kAccepted);
}

TEST(Lookup, NoConcentrationUsesTheOnlyOneAndSaysSo) {
  model::InfusionOrder o = mh_order();
  o.concentration.reset();
  const Decision d = decide(default_library(), patient(), o);
  ASSERT_TRUE(d.plan);
  EXPECT_EQ(d.plan->infusion_rate.inputs[1].source,
            "library ketamine-mh-1mgml (the order named none)");
}

TEST(Lookup, CareAreaByIndicationPrefix) {
  model::InfusionOrder o = order("0.5", "mg/kg", "40");
  o.indications.push_back(model::CodeableConcept{{{kIcd10, "F33.1", ""}}, ""});
  const Decision d = decide(default_library(), patient(), o);
  ASSERT_TRUE(d.plan) << codes(d.status);
  EXPECT_EQ(d.plan->care_area, "mental-health");
}

TEST(Lookup, CareAreaUnknownIsHeld) {
  model::InfusionOrder o = order("0.5", "mg/kg", "40");
  o.indications.push_back(model::CodeableConcept{{{kIcd10, "R51.9", ""}}, ""});
  const Decision d = decide(default_library(), patient(), o);
  EXPECT_EQ(d.status.state, OrderState::kHeld);
  EXPECT_EQ(codes(d.status), "care-area-unknown");
}

TEST(Lookup, IndicationsOfTwoCareAreasAreHeld) {
  model::InfusionOrder o = order("0.5", "mg/kg", "40");
  o.indications.push_back(model::CodeableConcept{{{kIcd10, "F32.9", ""}}, ""});
  o.indications.push_back(model::CodeableConcept{{{kIcd10, "G89.4", ""}}, ""});
  EXPECT_EQ(codes(decide(default_library(), patient(), o).status), "care-area-unknown");
}

TEST(Lookup, DoseInTheWrongBasisIsRejected) {
  model::InfusionOrder o = mh_order();
  o.dose = qty("40", "mg");  // the depression entry doses by mg/kg
  const Decision d = decide(default_library(), patient(), o);
  EXPECT_EQ(codes(d.status), "dose-missing");
  EXPECT_EQ(d.status.reasons[0].rule, "/entries/0/dosing_basis");
}

TEST(Lookup, DoseAndRateFittingTwoEntriesAreRejected) {
  model::InfusionOrder o = order("80", "mg", "150");
  o.care_area = "chronic-pain";
  o.dose_rate = qty("0.35", "mg/kg/h");
  EXPECT_EQ(codes(decide(default_library(), patient(), o).status), "ambiguous-library-entry");
}

// --- contraindications --------------------------------------------------------------------

TEST(Screening, ExactIcd10CodeHoldsWithTheCodeAsDetail) {
  model::PatientContext p = patient();
  p.conditions.push_back(condition(kIcd10, "I20.0"));
  const Decision d = decide(default_library(), p, mh_order());
  EXPECT_EQ(d.status.state, OrderState::kHeld);
  ASSERT_EQ(codes(d.status), "contraindication");
  EXPECT_EQ(d.status.reasons[0].detail.code, "I20.0");
  EXPECT_EQ(d.status.reasons[0].rule, "/screening/1");
}

TEST(Screening, PrefixMatchesWithOrWithoutTheDot) {
  model::PatientContext p = patient();
  p.conditions.push_back(condition(kIcd10, "E050"));  // E05.0 sent without its dot
  EXPECT_EQ(codes(decide(default_library(), p, mh_order()).status), "contraindication");
  p.conditions = {condition(kIcd10, "I16.1")};
  EXPECT_EQ(codes(decide(default_library(), p, mh_order()).status), "contraindication");
}

TEST(Screening, ExceptionsAndResolvedConditionsDoNotHold) {
  model::PatientContext p = patient();
  p.conditions.push_back(condition(kIcd10, "F17.210"));  // nicotine dependence
  p.conditions.push_back(condition(kIcd10, "F10.21"));   // alcohol dependence, in remission
  p.conditions.push_back(condition(kIcd10, "F20.9", "resolved"));
  p.conditions.push_back(condition(kIcd10, "I10"));  // hypertension, not a crisis
  EXPECT_EQ(decide(default_library(), p, mh_order()).status.state, OrderState::kAccepted);
  p.conditions.push_back(condition(kIcd10, "F11.20"));  // opioid dependence
  EXPECT_EQ(codes(decide(default_library(), p, mh_order()).status), "contraindication");
}

TEST(Screening, SnomedCode) {
  model::PatientContext p = patient();
  p.conditions.push_back(condition(kSnomed, "58214004"));
  EXPECT_EQ(decide(default_library(), p, mh_order()).status.reasons[0].rule, "/screening/3");
}

TEST(Screening, KetamineAllergyByCodeAndByText) {
  model::PatientContext p = patient();
  model::Allergy a;
  a.substance.codings.push_back(model::Coding{kRxNorm, "6130", ""});
  p.allergies.push_back(a);
  Decision d = decide(default_library(), p, mh_order());
  ASSERT_EQ(codes(d.status), "contraindication");
  EXPECT_EQ(d.status.reasons[0].detail.code, "6130");
  p.allergies[0].substance = model::CodeableConcept{{}, "KETAMINE HCl"};
  d = decide(default_library(), p, mh_order());
  ASSERT_EQ(codes(d.status), "contraindication");
  EXPECT_EQ(d.status.reasons[0].detail.display, "ketamine");
}

TEST(Screening, OverrideReleasesAContraindication) {
  model::PatientContext p = patient();
  p.conditions.push_back(condition(kIcd10, "E05.00"));
  model::InfusionOrder o = mh_order();
  o.limit_override = limit_override("thyroid controlled, reviewed");
  const Decision d = decide(default_library(), p, o);
  ASSERT_TRUE(d.plan);
  ASSERT_EQ(d.plan->overridden.size(), 1u);
  EXPECT_EQ(d.plan->overridden[0].code, "contraindication");
}

TEST(Screening, ReportedWithAMissingWeight) {
  model::PatientContext p = patient(nullptr);
  p.conditions.push_back(condition(kIcd10, "O09.90"));
  EXPECT_EQ(codes(decide(default_library(), p, mh_order()).status),
            "weight-missing,contraindication");
}

// --- cumulative and series ----------------------------------------------------------------

PriorInfusion prior(const char* time, const char* mg, const char* order_id = "urn:oid:1.2.3|ORD0",
                    int number = 1) {
  const int64_t us = at(time);
  return PriorInfusion{"p", order_id, number, "ketamine", us, clock::local_day(us, 0), dec(mg)};
}

Decision mg_decision(const char* mg, const OrderHistory& history, const char* now = kNow,
                     std::optional<int> count = std::nullopt) {
  model::InfusionOrder o = order(mg, "mg", "120");
  o.care_area = "chronic-pain";
  o.timing.count = count;
  return decide(test_library(), patient(nullptr), o, history, now);
}

TEST(Series, PerDayMaximumIsInclusive) {
  // test-mg: per day 150 mg, minimum 4 h between infusions.
  OrderHistory h;
  h.prior = {prior("2026-11-21T01:00:00Z", "60")};
  EXPECT_EQ(mg_decision("90", h).status.state, OrderState::kAccepted);
  const Decision over = mg_decision("90.01", h);
  EXPECT_EQ(codes(over.status), "cumulative-limit");
  EXPECT_EQ(over.status.reasons[0].rule, "/entries/0/cumulative/per_day_mg");
  // Yesterday's infusion does not count towards today.
  h.prior = {prior("2026-11-20T23:00:00Z", "60")};
  EXPECT_EQ(mg_decision("99", h).status.state, OrderState::kAccepted);
}

TEST(Series, DayIsTheSendersCalendarDay) {
  // 2026-11-21T03:00Z is still 2026-11-20 at -05:00; the order was authored at -05:00.
  OrderHistory h;
  const int64_t us = at("2026-11-21T03:00:00Z");
  h.prior = {PriorInfusion{"p", "x", 1, "ketamine", us, clock::local_day(us, -300), dec("60")}};
  model::InfusionOrder o = order("95", "mg", "120");
  o.care_area = "chronic-pain";
  o.authored = model::DateTime{"2026-11-21T04:00:00-05:00"};
  EXPECT_EQ(decide(test_library(), patient(nullptr), o, h, "2026-11-21T14:00:00Z").status.state,
            OrderState::kAccepted);
  // For a sender in UTC both infusions fall on 2026-11-21.
  h.prior[0].day = clock::local_day(us, 0);
  o.authored = model::DateTime{"2026-11-21T04:00:00Z"};
  EXPECT_EQ(codes(decide(test_library(), patient(nullptr), o, h, "2026-11-21T14:00:00Z").status),
            "cumulative-limit");
}

TEST(Series, CourseOfConsecutiveDays) {
  // test-mg: at most 3 consecutive days, 300 mg per course.
  OrderHistory h;
  h.prior = {prior("2026-11-19T09:00:00Z", "100"), prior("2026-11-20T09:00:00Z", "100")};
  EXPECT_EQ(mg_decision("100", h).status.state, OrderState::kAccepted);  // day 3, 300 mg
  EXPECT_EQ(mg_decision("100.01", h).status.reasons[0].rule, "/entries/0/cumulative/per_course_mg");
  h.prior.push_back(prior("2026-11-18T09:00:00Z", "10"));
  const Decision day4 = mg_decision("50", h);
  EXPECT_EQ(codes(day4.status), "course-limit");
  EXPECT_EQ(day4.status.reasons[0].rule, "/entries/0/series/course_max_days");
  // A gap of a day starts a new course.
  h.prior = {prior("2026-11-17T09:00:00Z", "100"), prior("2026-11-18T09:00:00Z", "100"),
             prior("2026-11-19T09:00:00Z", "100")};
  EXPECT_EQ(mg_decision("100", h).status.state, OrderState::kAccepted);
}

TEST(Series, MinimumHoursBetweenInfusions) {
  OrderHistory h;
  h.prior = {prior("2026-11-21T05:00:00Z", "10")};
  EXPECT_EQ(mg_decision("50", h).status.state, OrderState::kAccepted);  // exactly 4 h
  const Decision early = mg_decision("50", h, "2026-11-21T08:59:59Z");
  EXPECT_EQ(codes(early.status), "infusion-interval");
  EXPECT_EQ(early.status.reasons[0].rule, "/entries/0/series/min_hours_between");
}

TEST(Series, NOfMAndBeyond) {
  OrderHistory h;
  h.infusion_number = 3;
  Decision d = mg_decision("50", h, kNow, 3);
  ASSERT_TRUE(d.plan);
  EXPECT_EQ(d.plan->infusion_number, 3);
  EXPECT_EQ(d.plan->series_total, 3);
  h.infusion_number = 4;
  d = mg_decision("50", h, kNow, 3);
  EXPECT_EQ(codes(d.status), "series-complete");
  EXPECT_EQ(d.status.infusion_number, 4);
  // The library's series maximum (4) applies whatever the order says.
  EXPECT_EQ(mg_decision("50", h, kNow, 10).status.state, OrderState::kAccepted);
  h.infusion_number = 5;
  d = mg_decision("50", h, kNow, 10);
  EXPECT_EQ(codes(d.status), "series-limit");
  EXPECT_EQ(d.status.reasons[0].rule, "/entries/0/series/max_infusions");
}

}  // namespace
}  // namespace titrate::dosing::test
