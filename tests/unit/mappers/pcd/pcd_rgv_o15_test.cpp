#include <gtest/gtest.h>

#include <string>

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/pcd/pcd_message_kind.h"
#include "mappers/outbound/pcd/rgv_o15.h"

namespace titrate::pcd {
namespace {

model::Quantity q(const char* value, const char* unit) {
  return {*model::Decimal::parse(value), unit};
}

model::PlanValue pv(const char* value, const char* unit) {
  return {q(value, unit), "test", {}};
}

// Depression protocol: 0.5 mg/kg over 40 min, 80 kg, bag 500 mg / 500 mL (domain-reference
// §3.3.7 ketamine illustration).
model::DosingPlan depression_plan() {
  model::DosingPlan plan;
  plan.plan_id = "ORD1-v1-1";
  plan.patient_id = {"urn:titrate:authority:NORTHCLINIC", "KT100234", "MR", "NORTHCLINIC"};
  plan.visit_number = {"", "V778", "VN", "NORTHCLINIC"};
  plan.location = "INF^B2^1";
  plan.medication.codings.push_back(
      {"http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine"});
  plan.dosing_basis = "mg/kg";
  plan.concentration = {q("500", "mg"), q("500", "mL")};
  plan.weight = pv("80.0", "kg");
  plan.dose = pv("40.0", "mg");
  plan.dose_rate = pv("60.0", "mg/h");
  plan.infusion_rate = pv("60.0", "mL/h");
  plan.vtbi = pv("40.0", "mL");
  plan.duration = pv("40", "min");
  return plan;
}

RgvOptions options() {
  RgvOptions o;
  o.sending_application = "TITRATE";
  o.sending_facility = "NORTHCLINIC";
  o.receiving_application = "KETPUMPSRV";
  o.receiving_facility = "INFUSIONSUITE";
  o.message_time = "20261121093000.000+0000";
  o.action_by = "TITRATE-GW";
  return o;
}

struct Built {
  std::string bytes;
  hl7v2::Message message;
  std::string text(std::string_view spec) const { return message.text(spec).value_or(""); }
};

Built build(const model::DosingPlan& plan, std::string_view device = "00A1B2C3D4E5F601") {
  Built b;
  b.bytes = build_rgv_o15(plan, device, "PRG0001", "KTR-000017", options());
  b.message = hl7v2::parse(b.bytes);
  EXPECT_TRUE(b.message.ok());
  return b;
}

TEST(PcdRgvO15, HeaderPatientOrderAndPump) {
  const Built b = build(depression_plan());
  EXPECT_EQ(b.bytes.find('\n'), std::string::npos);
  EXPECT_EQ(b.text("MSH-3"), "TITRATE");
  EXPECT_EQ(b.text("MSH-4"), "NORTHCLINIC");
  EXPECT_EQ(b.text("MSH-5"), "KETPUMPSRV");
  EXPECT_EQ(b.text("MSH-7"), "20261121093000.000+0000");
  EXPECT_EQ(b.text("MSH-9"), "RGV^O15^RGV_O15");
  EXPECT_EQ(b.text("MSH-10"), "KTR-000017");
  EXPECT_EQ(b.text("MSH-12"), "2.6");
  EXPECT_EQ(b.text("MSH-15"), "AL");
  EXPECT_EQ(b.text("MSH-16"), "AL");
  EXPECT_EQ(b.text("MSH-21.1"), "IHE_PCD_PIV_001");
  EXPECT_EQ(b.text("MSH-21.3"), std::string(kPivOid));
  EXPECT_EQ(b.text("MSH-21.4"), "ISO");
  EXPECT_EQ(b.text("PID-3.1"), "KT100234");
  EXPECT_EQ(b.text("PID-3.4"), "NORTHCLINIC");
  EXPECT_EQ(b.text("PID-3.5"), "MR");
  EXPECT_EQ(b.text("PV1-3.1"), "INF");
  EXPECT_EQ(b.text("PV1-3.2"), "B2");
  EXPECT_EQ(b.text("PV1-3.3"), "1");
  EXPECT_EQ(b.text("PV1-19.1"), "V778");
  EXPECT_EQ(b.text("ORC-1"), "RE");
  EXPECT_EQ(b.text("ORC-2"), "PRG0001");
  EXPECT_EQ(b.text("ORC-9"), "20261121093000.000+0000");
  EXPECT_EQ(b.text("ORC-19"), "TITRATE-GW");
  EXPECT_EQ(b.text("RXG-1"), "1");
  EXPECT_EQ(b.text("RXG-4.1"), "6130");
  EXPECT_EQ(b.text("RXG-4.2"), "ketamine");
  EXPECT_EQ(b.text("RXG-4.3"), "RXNORM");
  EXPECT_EQ(b.text("RXR-1.2"), "IV");
  EXPECT_EQ(b.text("RXR-1.3"), "HL70162");
  EXPECT_EQ(b.text("RXR-3.2"), "IVP");
  EXPECT_EQ(b.text("RXR-4.2"), "IV");
  EXPECT_EQ(b.text("RXR-4.3"), "HL70165");
  EXPECT_EQ(b.text("OBX[1]-3"), "69986^MDC_DEV_PUMP_INFUS_VMD^MDC");
  EXPECT_EQ(b.text("OBX[1]-11"), "X");
  EXPECT_FALSE(b.message.value("OBX[1]-18.1"));
  EXPECT_EQ(b.text("OBX[1]-18.3"), "00A1B2C3D4E5F601");
  EXPECT_EQ(b.text("OBX[1]-18.4"), "EUI-64");
  // Segment order per TF-2 3.3.4.2.
  std::string order;
  for (size_t i = 0; i < b.message.segment_count(); ++i) {
    order += std::string(b.message.segment_id(i)) + " ";
  }
  EXPECT_EQ(order, "MSH PID PV1 ORC RXG TQ1 RXR OBX OBX ");
}

TEST(PcdRgvO15, DosePerKgIsADoseOverADuration) {
  const Built b = build(depression_plan());
  EXPECT_EQ(b.text("RXG-15"), "40.0");
  EXPECT_EQ(b.text("RXG-16"), "263890^MDC_DIM_MILLI_G^MDC^mg^mg^UCUM");
  EXPECT_EQ(b.text("TQ1-13.1"), "40");
  EXPECT_EQ(b.text("TQ1-13.2.1"), "264352");
  EXPECT_EQ(b.text("TQ1-13.2.2"), "MDC_DIM_MIN");
  EXPECT_EQ(b.text("TQ1-13.2.3"), "MDC");
  EXPECT_EQ(b.text("RXG-5"), "40.0");
  EXPECT_EQ(b.text("RXG-7"), "263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM");
  EXPECT_EQ(b.text("RXG-17"), "500");
  EXPECT_EQ(b.text("RXG-18"), "263890^MDC_DIM_MILLI_G^MDC^mg^mg^UCUM");
  EXPECT_EQ(b.text("RXG-23"), "500");
  EXPECT_EQ(b.text("RXG-24"), "263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM");
  EXPECT_EQ(b.text("OBX[2]-2"), "NM");
  EXPECT_EQ(b.text("OBX[2]-3"), "68063^MDC_ATTR_PT_WEIGHT^MDC");
  EXPECT_EQ(b.text("OBX[2]-5"), "80.0");
  EXPECT_EQ(b.text("OBX[2]-6"), "263875^MDC_DIM_KILO_G^MDC^kg^kg^UCUM");
}

TEST(PcdRgvO15, FlatDoseWithoutWeight) {
  model::DosingPlan plan = depression_plan();
  plan.dosing_basis = "mg";
  plan.weight = pv("0", "kg");  // "absent for mg and mg/h bases"
  plan.dose = pv("0.08", "g");  // converted exactly to mg
  plan.duration = pv("2", "h");
  plan.concentration = {q("1", "mg"), q("1", "mL")};
  const Built b = build(plan);
  EXPECT_EQ(b.text("RXG-15"), "80");
  EXPECT_EQ(b.text("RXG-16.4"), "mg");
  EXPECT_EQ(b.text("TQ1-13.1"), "2");
  EXPECT_EQ(b.text("TQ1-13.2.1"), "264384");
  EXPECT_EQ(b.text("TQ1-13.2.2"), "MDC_DIM_HR");
  EXPECT_EQ(b.text("RXG-17"), "1");
  EXPECT_EQ(b.text("RXG-23"), "1");
  EXPECT_FALSE(b.message.find_segment("OBX", 2));  // no weight row
}

TEST(PcdRgvO15, DoseRatePerKgInUcum) {
  model::DosingPlan plan = depression_plan();
  plan.dosing_basis = "mg/kg/h";
  plan.dose = pv("112", "mg");
  plan.dose_rate = pv("28.0", "mg/h");
  plan.dose_rate.inputs.push_back({"ordered dose rate", q("0.35", "mg/kg/h"), "order RXE-23"});
  plan.vtbi = pv("112", "mL");
  plan.duration = pv("240", "min");
  plan.concentration = {q("1", "mg"), q("1", "mL")};
  const Built b = build(plan);
  EXPECT_EQ(b.text("RXG-15"), "0.35");
  EXPECT_EQ(b.text("RXG-16"), "mg/kg/h^mg/kg/h^UCUM");  // no MDC code: UCUM first
  EXPECT_EQ(b.text("RXG-5"), "112");
  EXPECT_EQ(b.text("RXG-7.1"), "263762");
  EXPECT_EQ(b.text("TQ1-13.1"), "240");
  EXPECT_EQ(b.text("OBX[2]-5"), "80.0");
}

TEST(PcdRgvO15, DoseRatePerKgFallsBackToMgPerHour) {
  model::DosingPlan plan = depression_plan();
  plan.dosing_basis = "mg/kg/h";
  plan.dose_rate = pv("28.0", "mg/h");  // no mg/kg/h value anywhere in the plan
  const Built b = build(plan);
  EXPECT_EQ(b.text("RXG-15"), "28.0");
  EXPECT_EQ(b.text("RXG-16"), "265522^MDC_DIM_MILLI_G_PER_HR^MDC^mg/h^mg/h^UCUM");
  EXPECT_EQ(b.text("OBX[2]-5"), "80.0");  // the weight lets the pump check the per-kg rate
}

TEST(PcdRgvO15, DoseRatePerHour) {
  model::DosingPlan plan = depression_plan();
  plan.dosing_basis = "mg/h";
  plan.weight = pv("0", "kg");
  plan.dose_rate = pv("22", "mg/h");
  plan.vtbi = pv("88", "mL");
  plan.duration = pv("0", "min");  // unknown: no TQ1
  const Built b = build(plan);
  EXPECT_EQ(b.text("RXG-15"), "22");
  EXPECT_EQ(b.text("RXG-16.1"), "265522");
  EXPECT_EQ(b.text("RXG-16.4"), "mg/h");
  EXPECT_EQ(b.text("RXG-16.6"), "UCUM");
  EXPECT_EQ(b.text("RXG-5"), "88");
  EXPECT_FALSE(b.message.find_segment("TQ1"));
}

TEST(PcdRgvO15, TextIsEscapedAndDeviceIdsRoundTrip) {
  model::DosingPlan plan = depression_plan();
  plan.medication.codings[0].display = "Ketamine 1 mg|mL ^ & ~ \\";
  plan.location = "INF&1^B|2^1";
  const Built b = build(plan, "PUMP^7");
  EXPECT_EQ(b.text("RXG-4.2"), "Ketamine 1 mg|mL ^ & ~ \\");
  EXPECT_EQ(b.text("PV1-3.1"), "INF&1");
  EXPECT_EQ(b.text("PV1-3.2"), "B|2");
  EXPECT_EQ(b.text("OBX[1]-18.1"), "PUMP^7");  // not an EUI-64: EI-1
  EXPECT_EQ(b.message.segment_count(), 9u);
}

TEST(PcdRgvO15, PlansThatCannotBeProgrammedThrow) {
  model::DosingPlan no_patient = depression_plan();
  no_patient.patient_id = {};
  EXPECT_THROW(build_rgv_o15(no_patient, "P1", "PRG", "C1", options()), RgvBuildError);
  model::DosingPlan no_duration = depression_plan();
  no_duration.duration = pv("0", "min");
  EXPECT_THROW(build_rgv_o15(no_duration, "P1", "PRG", "C1", options()), RgvBuildError);
  model::DosingPlan unknown_basis = depression_plan();
  unknown_basis.dosing_basis = "mL/h";
  EXPECT_THROW(build_rgv_o15(unknown_basis, "P1", "PRG", "C1", options()), RgvBuildError);
  model::DosingPlan no_code = depression_plan();
  no_code.medication.codings.clear();
  EXPECT_THROW(build_rgv_o15(no_code, "P1", "PRG", "C1", options()), RgvBuildError);
  EXPECT_THROW(build_rgv_o15(depression_plan(), "", "PRG", "C1", options()), RgvBuildError);
  EXPECT_THROW(build_rgv_o15(depression_plan(), "P1", "", "C1", options()), RgvBuildError);
}

}  // namespace
}  // namespace titrate::pcd
