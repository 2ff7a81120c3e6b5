#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"
#include "mappers/inbound/hl7v2/order_control.h"
#include "tests/unit/mappers/inbound/hl7v2/map_test_support.h"

namespace titrate::inbound {
namespace {

using model::OrderAction;
using model::OrderStatus;

constexpr char kRxNorm[] = "http://www.nlm.nih.gov/research/umls/rxnorm";
constexpr char kRiversideSystem[] = "urn:oid:2.16.840.1.113883.3.999.1";

// KET500 -> RxNorm 6130 mirrors config/mappings/example-northwind-epic.json (unverified code).
profile::MappingProfile riverside() {
  profile::MappingProfile p;
  p.name = "riverside-test";
  p.identifier_systems["RIVERSIDE"] = kRiversideSystem;
  p.medication_codes.push_back({"L", "KET500", {kRxNorm, "6130", "ketamine"}});
  p.route_codes.push_back({"", "IV", {"http://snomed.info/sct", "47625008", "Intravenous route"}});
  return p;
}

const model::InfusionOrder& only_order(const model::MappedMessage& m) {
  EXPECT_EQ(m.orders.size(), 1u);
  return m.orders.at(0);
}

TEST(Hl7MapOrder, DepressionSeriesRde) {
  const model::MappedMessage m = map_fixture("rde_o11_depression_series.hl7", riverside());
  EXPECT_EQ(issues(m), std::vector<std::string>{});
  const model::InfusionOrder& o = only_order(m);
  EXPECT_EQ(o.action, OrderAction::kNew);
  EXPECT_EQ(o.status, OrderStatus::kActive);
  EXPECT_EQ(o.placer, (model::Identifier{"urn:titrate:authority:CPOE", "PLC8001", "PLAC", "CPOE"}));
  EXPECT_EQ(o.filler.value, "FIL8001");
  EXPECT_EQ(o.filler.type, "FILL");
  EXPECT_EQ(o.placer_group, "GRP8001");
  EXPECT_EQ(o.patient_id, (model::Identifier{kRiversideSystem, "RV100234", "MR", "RIVERSIDE"}));
  EXPECT_EQ(o.visit_number.value, "V90001");
  EXPECT_EQ(text(o.dose), "0.5 mg/kg");
  EXPECT_EQ(text(o.dose_rate), "<none>");
  EXPECT_EQ(text(o.concentration), "500 mg / 500 mL");
  EXPECT_EQ(o.timing.repeat_pattern, "Q3D");
  EXPECT_EQ(o.timing.frequency, 1);
  EXPECT_EQ(text(o.timing.period), "3 d");
  EXPECT_EQ(o.timing.count, 6);  // a series of six infusions
  EXPECT_EQ(text(o.timing.duration), "40 min");
  EXPECT_EQ(o.timing.start.value, "2026-03-18T09:00:00-05:00");
  EXPECT_EQ(o.authored.value, "2026-03-16T08:00:00-05:00");
  EXPECT_EQ(o.ordering_provider.identifier.value, "4401");
  EXPECT_EQ(o.ordering_provider.name.family, "WELBY");
  ASSERT_EQ(o.indications.size(), 1u);
  EXPECT_EQ(o.indications[0].codings.at(0).system, "http://hl7.org/fhir/sid/icd-10-cm");
  EXPECT_EQ(o.indications[0].codings.at(0).code, "F33.2");
  EXPECT_EQ(o.instructions,
            "Infuse over 40 minutes; monitor BP, HR, SpO2\n"
            "Recovery observation 60 minutes after each infusion.");
  // The weight in the order group updates the patient context.
  ASSERT_TRUE(m.patient);
  EXPECT_EQ(m.patient->event, model::PatientContext::Event::kOrderContext);
  ASSERT_EQ(m.patient->measurements.size(), 1u);
  EXPECT_EQ(text(m.patient->measurements[0].value), "72.5 kg");
  EXPECT_TRUE(m.unmapped.empty());
}

TEST(Hl7MapOrder, DrugCodeMapPutsRxNormFirstAndKeepsTheLocalCoding) {
  const model::InfusionOrder o =
      only_order(map_fixture("rde_o11_depression_series.hl7", riverside()));
  ASSERT_EQ(o.medication.codings.size(), 2u);
  EXPECT_EQ(o.medication.codings[0], (model::Coding{kRxNorm, "6130", "ketamine"}));
  EXPECT_EQ(o.medication.codings[1],
            (model::Coding{"L", "KET500", "Ketamine 500 mg in 500 mL NS"}));
  EXPECT_EQ(o.medication.text, "Ketamine 500 mg in 500 mL NS");
}

TEST(Hl7MapOrder, UnmappedDrugCodeIsKeptWithAnInformationIssue) {
  const model::MappedMessage m = map_fixture("orm_o01_rxo.hl7", riverside());
  EXPECT_TRUE(m.ok());
  EXPECT_EQ(issues(m), (std::vector<std::string>{"info 103 RXO[1]-1"}));
  const model::InfusionOrder& o = only_order(m);
  EXPECT_EQ(o.medication.codings,
            (std::vector<model::Coding>{{"99KET", "KET-LOCAL-1", "Ketamine HCl"}}));
}

TEST(Hl7MapOrder, RouteMapPutsSnomedFirstAndKeepsTable0162) {
  const model::InfusionOrder o = only_order(map_fixture("rde_o11_crps.hl7", riverside()));
  ASSERT_EQ(o.route.codings.size(), 2u);
  EXPECT_EQ(o.route.codings[0],
            (model::Coding{"http://snomed.info/sct", "47625008", "Intravenous route"}));
  EXPECT_EQ(o.route.codings[1],
            (model::Coding{"http://terminology.hl7.org/CodeSystem/v2-0162", "IV", "Intravenous"}));
  profile::MappingProfile no_route_map = riverside();
  no_route_map.route_codes.clear();
  const model::MappedMessage m = map_fixture("rde_o11_crps.hl7", no_route_map);
  EXPECT_EQ(issues(m), (std::vector<std::string>{"info 103 RXR[1]-1"}));
  EXPECT_EQ(only_order(m).route.codings.size(), 1u);
}

TEST(Hl7MapOrder, ChronicPainWeightBasedRate) {
  const model::MappedMessage m = map_fixture("rde_o11_chronic_pain.hl7", riverside());
  EXPECT_TRUE(m.ok());
  const model::InfusionOrder& o = only_order(m);
  EXPECT_EQ(text(o.dose_rate), "0.35 mg/kg/h");  // RXE-24 "MG/KG/HR" through the unit table
  EXPECT_EQ(text(o.infusion_rate), "<none>");
  EXPECT_EQ(text(o.dose), "<none>");
  EXPECT_EQ(text(o.timing.duration), "4 h");
  EXPECT_EQ(o.timing.count, 10);
  EXPECT_EQ(o.timing.repeat_pattern, "QD");
  EXPECT_EQ(text(o.timing.period), "1 d");
}

TEST(Hl7MapOrder, CrpsFixedRateWithConcentrationAndBounds) {
  const model::MappedMessage m = map_fixture("rde_o11_crps.hl7", riverside());
  EXPECT_TRUE(m.ok());
  const model::InfusionOrder& o = only_order(m);
  EXPECT_EQ(text(o.dose_rate), "22 mg/h");
  EXPECT_EQ(text(o.concentration), "500 mg / 500 mL");
  EXPECT_EQ(o.timing.start.value, "2026-04-01T08:00:00-05:00");
  EXPECT_EQ(o.timing.end.value, "2026-04-05T08:00:00-05:00");
  ASSERT_EQ(o.indications.size(), 1u);
  EXPECT_EQ(o.indications[0].codings.at(0).code, "G90.512");
}

TEST(Hl7MapOrder, VolumeRateIsTheInfusionRateAndRxcGivesTheConcentration) {
  const model::MappedMessage m = map_fixture("rde_o11_rate_mlh.hl7", riverside());
  EXPECT_TRUE(m.ok());
  const model::InfusionOrder& o = only_order(m);
  EXPECT_EQ(text(o.infusion_rate), "22 mL/h");
  EXPECT_EQ(text(o.dose_rate), "<none>");
  EXPECT_EQ(text(o.concentration), "500 mg / 500 mL");  // RXC A over RXC B
  EXPECT_TRUE(m.unmapped.empty());
}

TEST(Hl7MapOrder, RateWithoutTimeUnitUsesGivePer) {
  const model::MappedMessage m = map_fixture("rde_o11_give_per.hl7", riverside());
  const model::InfusionOrder& o = only_order(m);
  EXPECT_EQ(text(o.infusion_rate), "125 mL/h");  // 500 mL per H4
  EXPECT_EQ(text(o.dose), "0.5 mg/kg");
  // RXE-4 (a dose range maximum) differs from RXE-3: not supported, reported.
  EXPECT_EQ(issues(m), (std::vector<std::string>{"warning 102 RXE[1]-4"}));
}

TEST(Hl7MapOrder, OrmWithRxo) {
  const model::InfusionOrder o = only_order(map_fixture("orm_o01_rxo.hl7", riverside()));
  EXPECT_EQ(o.action, OrderAction::kNew);
  EXPECT_EQ(o.placer.value, "PLC7001");
  EXPECT_TRUE(o.filler.empty());
  EXPECT_EQ(text(o.dose), "80 mg");
  EXPECT_EQ(text(o.dose_rate), "40 mg/h");  // RXO-21/22
  EXPECT_EQ(o.visit_number.value, "V88300");
  ASSERT_EQ(o.indications.size(), 1u);
  EXPECT_EQ(o.indications[0].codings.at(0).code, "G89.29");  // RXO-20
  EXPECT_EQ(o.instructions,
            "Infuse over at least 2 hours\nFirst outpatient session; reassess after.");
  EXPECT_EQ(o.route.codings.at(0).code, "47625008");
}

TEST(Hl7MapOrder, OrmWithObr) {
  const model::MappedMessage m = map_fixture("orm_o01_obr.hl7", riverside());
  const model::InfusionOrder& o = only_order(m);
  EXPECT_EQ(o.placer.value, "PLC7002");  // ORC-2 empty: OBR-2
  EXPECT_EQ(o.filler.value, "FIL7002");
  EXPECT_EQ(o.origin, model::kServiceRequestOrigin);  // ORC + OBR: a referral
  EXPECT_EQ(o.medication.codings.at(0), (model::Coding{"L", "KETINF", "Ketamine infusion"}));
  EXPECT_EQ(o.ordering_provider.name.family, "WELBY");  // OBR-16
  EXPECT_EQ(o.timing.repeat_pattern, "Q1W");            // OBR-27 (legacy TQ)
  EXPECT_EQ(text(o.timing.period), "1 wk");
  EXPECT_EQ(o.timing.start.value, "2026-03-20T09:00:00-05:00");
  ASSERT_EQ(o.indications.size(), 1u);
  EXPECT_EQ(o.indications[0].codings.at(0).code, "F33.2");  // DG1 in the order group...
  ASSERT_EQ(m.patient->conditions.size(), 1u);              // ...also updates the patient
  EXPECT_EQ(m.unmapped, (std::vector<std::string>{"IN1[1]"}));
  EXPECT_EQ(issues(m), (std::vector<std::string>{"info 103 OBR[1]-4"}));
}

TEST(Hl7MapOrder, EveryOrderControlCode) {
  const struct {
    const char* fixture;
    OrderAction action;
    OrderStatus status;
  } cases[] = {
      {"rde_o11_depression_series.hl7", OrderAction::kNew, OrderStatus::kActive},
      {"orm_o01_cancel.hl7", OrderAction::kCancel, OrderStatus::kCancelled},
      {"rde_o11_discontinue.hl7", OrderAction::kDiscontinue, OrderStatus::kStopped},
      {"rde_o11_change.hl7", OrderAction::kChange, OrderStatus::kActive},
      {"rde_o11_hold.hl7", OrderAction::kHold, OrderStatus::kOnHold},
      {"rde_o11_release.hl7", OrderAction::kRelease, OrderStatus::kActive},
  };
  for (const auto& c : cases) {
    const model::MappedMessage m = map_fixture(c.fixture, riverside());
    EXPECT_TRUE(m.ok()) << c.fixture;
    const model::InfusionOrder& o = only_order(m);
    EXPECT_EQ(o.action, c.action) << c.fixture;
    EXPECT_EQ(o.status, c.status) << c.fixture;
  }
}

TEST(Hl7MapOrder, CancelNeedsNoDetailSegment) {
  const model::MappedMessage m = map_fixture("orm_o01_cancel.hl7", riverside());
  EXPECT_EQ(issues(m), std::vector<std::string>{});
  EXPECT_EQ(only_order(m).placer.value, "PLC7001");
  EXPECT_TRUE(only_order(m).medication.empty());
}

TEST(Hl7MapOrder, OrderStatusOverridesOrderControl) {
  const model::InfusionOrder o =
      only_order(map_fixture("rde_o11_status_completed.hl7", riverside()));
  EXPECT_EQ(o.action, OrderAction::kStatusUpdate);  // ORC-1 SC
  EXPECT_EQ(o.status, OrderStatus::kCompleted);     // ORC-5 CM
}

TEST(Hl7MapOrder, OrderControlTable) {
  const struct {
    const char* code;
    OrderAction action;
    OrderStatus status;
  } cases[] = {
      {"NW", OrderAction::kNew, OrderStatus::kActive},
      {"CA", OrderAction::kCancel, OrderStatus::kCancelled},
      {"DC", OrderAction::kDiscontinue, OrderStatus::kStopped},
      {"XO", OrderAction::kChange, OrderStatus::kActive},
      {"HD", OrderAction::kHold, OrderStatus::kOnHold},
      {"RL", OrderAction::kRelease, OrderStatus::kActive},
      {"OK", OrderAction::kStatusUpdate, OrderStatus::kActive},
      {"SC", OrderAction::kStatusUpdate, OrderStatus::kActive},
      {"CR", OrderAction::kStatusUpdate, OrderStatus::kCancelled},
      {"DR", OrderAction::kStatusUpdate, OrderStatus::kStopped},
      {"HR", OrderAction::kStatusUpdate, OrderStatus::kOnHold},
      {"RE", OrderAction::kStatusUpdate, OrderStatus::kUnknown},
      {"CH", OrderAction::kStatusUpdate, OrderStatus::kUnknown},
  };
  for (const auto& c : cases) {
    const std::optional<OrderControl> control = order_control(c.code);
    ASSERT_TRUE(control) << c.code;
    EXPECT_EQ(control->action, c.action) << c.code;
    EXPECT_EQ(control->status, c.status) << c.code;
  }
  EXPECT_FALSE(order_control("ZZ"));
  EXPECT_FALSE(order_control("nw"));
  EXPECT_EQ(order_status("CM"), OrderStatus::kCompleted);
  EXPECT_EQ(order_status("ER"), OrderStatus::kEnteredInError);
  EXPECT_EQ(order_status("A"), OrderStatus::kActive);
  EXPECT_EQ(order_status("IP"), OrderStatus::kActive);
  EXPECT_EQ(order_status("SC"), OrderStatus::kActive);
  EXPECT_EQ(order_status("HD"), OrderStatus::kOnHold);
  EXPECT_EQ(order_status("CA"), OrderStatus::kCancelled);
  EXPECT_EQ(order_status("DC"), OrderStatus::kStopped);
  EXPECT_FALSE(order_status("ORDERED"));
}

TEST(Hl7MapOrder, UnknownOrderControlIsAnError) {
  const model::MappedMessage m = map_fixture("rde_o11_bad_order_control.hl7", riverside());
  EXPECT_EQ(issues(m), (std::vector<std::string>{"error 103 ORC[1]-1"}));
  EXPECT_EQ(only_order(m).status, OrderStatus::kUnknown);
}

TEST(Hl7MapOrder, TwoOrderGroupsAreLocatedByOccurrence) {
  const model::MappedMessage m = map_fixture("rde_o11_two_orders.hl7", riverside());
  ASSERT_EQ(m.orders.size(), 2u);
  EXPECT_EQ(m.orders[0].placer.value, "PLC8021");
  EXPECT_EQ(m.orders[1].placer.value, "PLC8022");
  EXPECT_EQ(text(m.orders[0].dose_rate), "22 mg/h");
  EXPECT_EQ(issues(m), (std::vector<std::string>{"error 102 RXE[2]-3"}));
  EXPECT_EQ(m.orders[1].patient_id.value, "RV100234");
}

}  // namespace
}  // namespace titrate::inbound
