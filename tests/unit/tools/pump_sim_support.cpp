#include "tests/unit/tools/pump_sim_support.h"

#include <gtest/gtest.h>

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/pcd/map_pcd.h"
#include "mappers/outbound/pcd/rgv_o15.h"

namespace titrate::pump_sim::test {
namespace {

model::Quantity q(const char* value, const char* unit) {
  return {*model::Decimal::parse(value), unit};
}

model::PlanValue pv(const char* value, const char* unit) {
  return {q(value, unit), "test", {}};
}

}  // namespace

model::DosingPlan depression_plan() {
  model::DosingPlan plan;
  plan.plan_id = "ORD1-v1-1";
  plan.patient_id = {"urn:titrate:authority:NORTHCLINIC", "KT100234", "MR", "NORTHCLINIC"};
  plan.location = "INF^CHAIR1^1";
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

std::string rgv_for(const model::DosingPlan& plan, const std::string& program_id,
                    const std::string& device) {
  pcd::RgvOptions options;
  options.sending_facility = "NORTHCLINIC";
  options.message_time = "20261121093000.000+0000";
  return pcd::build_rgv_o15(plan, device, program_id, "TC" + program_id, options);
}

Read read_back(const std::string& message) {
  const hl7v2::Message parsed = hl7v2::parse(message);
  EXPECT_TRUE(parsed.ok()) << message;
  Read read;
  read.message_type = parsed.text("MSH-9").value_or("");
  read.mapped = pcd::map_pcd(parsed);
  EXPECT_TRUE(read.mapped.ok()) << message;
  for (const model::MappingIssue& issue : read.mapped.issues) {
    ADD_FAILURE() << issue.location << ": " << issue.message << "\n" << message;
  }
  return read;
}

std::vector<model::PumpEvent> pump_events(const std::vector<std::string>& messages) {
  std::vector<model::PumpEvent> events;
  for (const std::string& message : messages) {
    Read read = read_back(message);
    for (model::PumpEvent& e : read.mapped.pump_events) events.push_back(std::move(e));
  }
  return events;
}

}  // namespace titrate::pump_sim::test
