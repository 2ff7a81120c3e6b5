#include "tools/pump_sim/program.h"

#include <gtest/gtest.h>

#include "mappers/hl7v2/message.h"
#include "tests/unit/tools/pump_sim_support.h"

namespace titrate::pump_sim {
namespace {

ProgramRead read(const std::string& rgv) {
  return read_program(hl7v2::parse(rgv));
}

TEST(PumpSimProgram, ADoseOverADurationIsTheVtbiOverTheDuration) {
  const std::string rgv = test::rgv_for(test::depression_plan(), "TP0000000000000001");
  const ProgramRead r = read(rgv);
  ASSERT_TRUE(r.program) << r.error.text;
  const Program& p = *r.program;
  EXPECT_EQ(p.program_id, "TP0000000000000001");
  EXPECT_EQ(p.control_id, "TCTP0000000000000001");
  EXPECT_EQ(p.device, "00A1B2C3D4E5F601");
  EXPECT_EQ(p.location, "INF^CHAIR1^1");
  EXPECT_EQ(p.patient_pid3, "KT100234^^^NORTHCLINIC^MR");
  EXPECT_EQ(p.drug_code, "6130");
  EXPECT_EQ(p.vtbi_text, "40.0");
  EXPECT_DOUBLE_EQ(p.vtbi_ml, 40);
  EXPECT_DOUBLE_EQ(p.rate_ml_h, 60);
  EXPECT_DOUBLE_EQ(p.dose_rate_mg_h, 60);
  EXPECT_DOUBLE_EQ(p.concentration_mg_ml, 1);
  EXPECT_DOUBLE_EQ(p.weight_kg, 80);
  EXPECT_DOUBLE_EQ(p.duration_min, 40);
}

TEST(PumpSimProgram, APerKgDoseRateUsesTheWeightAndTheConcentration) {
  model::DosingPlan plan = test::depression_plan();
  plan.dosing_basis = "mg/kg/h";
  plan.dose_rate = {{*model::Decimal::parse("0.35"), "mg/kg/h"}, "test", {}};
  plan.vtbi = {};
  plan.duration = {{*model::Decimal::parse("1"), "h"}, "test", {}};
  const ProgramRead r = read(test::rgv_for(plan, "TP0000000000000002"));
  ASSERT_TRUE(r.program) << r.error.text;
  EXPECT_DOUBLE_EQ(r.program->rate_ml_h, 28);  // 0.35 mg/kg/h x 80 kg / 1 mg/mL
  EXPECT_DOUBLE_EQ(r.program->vtbi_ml, 28);    // over one hour
  EXPECT_EQ(r.program->vtbi_text, "28.0");
}

TEST(PumpSimProgram, WhatAPumpCannotRunIsRefusedWithAPivCode) {
  model::DosingPlan plan = test::depression_plan();
  plan.dosing_basis = "mg/kg/h";
  plan.dose_rate = {{*model::Decimal::parse("0.35"), "mg/kg/h"}, "test", {}};
  plan.weight = {};
  plan.vtbi = {};
  plan.duration = {};
  const ProgramRead r = read(test::rgv_for(plan, "TP0000000000000003"));
  EXPECT_FALSE(r.program);
  EXPECT_EQ(r.error.code, "9019");  // weight missing

  const ProgramRead adt = read("MSH|^~\\&|A|B|||20261121||ADT^A01|1|P|2.5\r");
  EXPECT_FALSE(adt.program);
  EXPECT_EQ(adt.error.code, "9017");
}

}  // namespace
}  // namespace titrate::pump_sim
