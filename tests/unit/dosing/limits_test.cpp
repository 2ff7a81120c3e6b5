#include <gtest/gtest.h>

#include "tests/unit/dosing/dosing_test_support.h"

namespace titrate::dosing::test {
namespace {

using model::OrderState;

struct BoundaryCase {
  const char* name;
  const char* mg_per_kg;
  const char* minutes;
  OrderState state;
  const char* codes;  // reason codes in order
  const char* rule;   // the first reason's rule
};

class DepressionBoundaries : public ::testing::TestWithParam<BoundaryCase> {};

TEST_P(DepressionBoundaries, InclusiveLimits) {
  const BoundaryCase& c = GetParam();
  const Decision d = decide(default_library(), patient("80"), mh_order(c.mg_per_kg, c.minutes));
  EXPECT_EQ(d.status.state, c.state) << codes(d.status);
  EXPECT_EQ(codes(d.status), c.codes);
  if (*c.rule) {
    ASSERT_FALSE(d.status.reasons.empty());
    EXPECT_EQ(d.status.reasons[0].rule, c.rule);
  }
  EXPECT_EQ(d.plan.has_value(), c.state == OrderState::kAccepted);
}

// Depression entry: dose_per_kg soft 0.1–0.75, hard max 1; duration hard 2–120, soft 2–100.
INSTANTIATE_TEST_SUITE_P(
    Limits, DepressionBoundaries,
    ::testing::Values(
        BoundaryCase{"SoftMaxAt", "0.75", "40", OrderState::kAccepted, "", ""},
        BoundaryCase{"SoftMaxUnder", "0.74", "40", OrderState::kAccepted, "", ""},
        BoundaryCase{"SoftMaxOver", "0.76", "40", OrderState::kHeld, "soft-limit",
                     "/entries/0/limits/dose_per_kg/soft_max"},
        BoundaryCase{"SoftMinAt", "0.1", "40", OrderState::kAccepted, "", ""},
        BoundaryCase{"SoftMinOver", "0.11", "40", OrderState::kAccepted, "", ""},
        BoundaryCase{"SoftMinUnder", "0.09", "40", OrderState::kHeld, "soft-limit",
                     "/entries/0/limits/dose_per_kg/soft_min"},
        BoundaryCase{"HardMaxAt", "1", "40", OrderState::kHeld, "soft-limit",
                     "/entries/0/limits/dose_per_kg/soft_max"},
        BoundaryCase{"HardMaxUnder", "0.99", "40", OrderState::kHeld, "soft-limit", ""},
        BoundaryCase{"HardMaxOver", "1.01", "40", OrderState::kRejected, "hard-limit,soft-limit",
                     "/entries/0/limits/dose_per_kg/hard_max"},
        BoundaryCase{"DurationSoftMaxAt", "0.5", "100", OrderState::kAccepted, "", ""},
        BoundaryCase{"DurationSoftMaxUnder", "0.5", "99.9", OrderState::kAccepted, "", ""},
        BoundaryCase{"DurationSoftMaxOver", "0.5", "100.1", OrderState::kHeld, "soft-limit",
                     "/entries/0/limits/duration/soft_max"},
        BoundaryCase{"DurationHardMaxAt", "0.5", "120", OrderState::kHeld, "soft-limit", ""},
        BoundaryCase{"DurationHardMaxOver", "0.5", "120.1", OrderState::kRejected,
                     "hard-limit,soft-limit", "/entries/0/limits/duration/hard_max"},
        BoundaryCase{"DurationHardMinAt", "0.5", "2", OrderState::kAccepted, "", ""},
        BoundaryCase{"DurationHardMinOver", "0.5", "2.1", OrderState::kAccepted, "", ""},
        BoundaryCase{"DurationHardMinUnder", "0.5", "1.9", OrderState::kRejected,
                     "hard-limit,soft-limit", "/entries/0/limits/duration/hard_min"}),
    [](const ::testing::TestParamInfo<BoundaryCase>& info) {
      return std::string(info.param.name);
    });

// test-mg entry (2 mg/mL, default 2 h): dose hard 5–120, soft 10–100; dose_rate soft max 60,
// hard max 90 mg/h; infusion_rate soft max 30, hard max 45 mL/h; vtbi hard max 55 mL.
Decision mg_order(const char* mg, const char* minutes = "120") {
  model::InfusionOrder o = order(mg, "mg", minutes);
  o.care_area = "chronic-pain";
  return decide(test_library(), patient(nullptr), o);
}

TEST(Limits, MgDoseHardMinimum) {
  EXPECT_EQ(codes(mg_order("5").status), "soft-limit");
  EXPECT_EQ(codes(mg_order("4.99").status), "hard-limit,soft-limit");
  EXPECT_EQ(mg_order("4.99").status.reasons[0].rule, "/entries/0/limits/dose/hard_min");
  EXPECT_EQ(codes(mg_order("10").status), "");
  EXPECT_EQ(codes(mg_order("9.99").status), "soft-limit");
}

TEST(Limits, DoseRateAndInfusionRateSoftAndHard) {
  // 60 mg over 60 min: 60 mg/h (soft max, at), 30.0 mL/h (soft max, at).
  EXPECT_EQ(mg_order("60", "60").status.state, OrderState::kAccepted);
  // 60.1 mg over 60 min: both rates over their soft maximum.
  const Decision over = mg_order("60.1", "60");
  EXPECT_EQ(over.status.state, OrderState::kHeld);
  EXPECT_EQ(codes(over.status), "soft-limit,soft-limit");
  EXPECT_EQ(over.status.reasons[0].rule, "/entries/0/limits/dose_rate/soft_max");
  EXPECT_EQ(over.status.reasons[1].rule, "/entries/0/limits/infusion_rate/soft_max");
  // 90 mg/h is at the hard maximum; 45.0 mL/h too.
  EXPECT_EQ(mg_order("90", "60").status.state, OrderState::kHeld);
  const Decision hard = mg_order("90.2", "60");
  EXPECT_EQ(hard.status.state, OrderState::kRejected);
  EXPECT_EQ(hard.status.reasons[0].rule, "/entries/0/limits/dose_rate/hard_max");
  EXPECT_EQ(hard.status.reasons[1].rule, "/entries/0/limits/infusion_rate/hard_max");
}

TEST(Limits, VtbiHardMaximumAndPerInfusionMaximum) {
  // 110 mg at 2 mg/mL is 55.0 mL: at both the vtbi and the per-infusion maxima (soft dose over).
  EXPECT_EQ(codes(mg_order("110", "240").status), "soft-limit");
  const Decision over = mg_order("110.2", "240");
  EXPECT_EQ(over.status.state, OrderState::kRejected);
  EXPECT_EQ(codes(over.status), "hard-limit,cumulative-limit,soft-limit");
  EXPECT_EQ(over.status.reasons[0].rule, "/entries/0/limits/vtbi/hard_max");
  EXPECT_EQ(over.status.reasons[1].rule, "/entries/0/cumulative/per_infusion_mg");
}

TEST(Limits, OverrideReleasesSoftLimitsOnly) {
  model::InfusionOrder o = mh_order("0.8", "40");
  o.limit_override = limit_override("reviewed");
  const Decision d = decide(default_library(), patient("80"), o);
  ASSERT_EQ(d.status.state, OrderState::kAccepted);
  ASSERT_TRUE(d.plan);
  ASSERT_EQ(d.plan->overridden.size(), 1u);
  EXPECT_EQ(d.plan->overridden[0].rule, "/entries/0/limits/dose_per_kg/soft_max");
  ASSERT_TRUE(d.plan->override_by);
  EXPECT_EQ(d.plan->override_by->reason, "reviewed");
  EXPECT_EQ(d.plan->dose.value, qty("64", "mg"));

  o.dose = qty("1.01", "mg/kg");
  EXPECT_EQ(decide(default_library(), patient("80"), o).status.state, OrderState::kRejected);
}

TEST(Limits, NoOverrideListedWhenNothingWasOverridden) {
  model::InfusionOrder o = mh_order();
  o.limit_override = limit_override("");
  const Decision d = decide(default_library(), patient("80"), o);
  ASSERT_TRUE(d.plan);
  EXPECT_TRUE(d.plan->overridden.empty());
  EXPECT_FALSE(d.plan->override_by);
}

}  // namespace
}  // namespace titrate::dosing::test
