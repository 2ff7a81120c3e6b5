#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mappers/hl7v2/ack.h"
#include "mappers/hl7v2/message.h"
#include "mappers/inbound/hl7v2/issues.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"
#include "tests/unit/mappers/inbound/hl7v2/map_test_support.h"

namespace titrate::inbound {
namespace {

constexpr char kRxNorm[] = "http://www.nlm.nih.gov/research/umls/rxnorm";

profile::MappingProfile riverside() {
  profile::MappingProfile p;
  p.name = "riverside-test";
  p.medication_codes.push_back({"L", "KET500", {kRxNorm, "6130", "ketamine"}});
  p.route_codes.push_back({"", "IV", {"http://snomed.info/sct", "47625008", "Intravenous route"}});
  return p;
}

using Issues = std::vector<std::string>;

// --- field-location overrides and unknown segments ----------------------------------------------

TEST(Hl7MapRules, ZSegmentOverrideCarriesTheDrug) {
  profile::MappingProfile p = riverside();
  p.field_locations["order.medication"] = "ZRX-2";
  p.unknown_segments = profile::UnknownElementPolicy::kReject;
  const model::MappedMessage m = map_fixture("rde_o11_zrx_drug.hl7", p);
  EXPECT_EQ(issues(m), Issues{});
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_EQ(m.orders[0].medication.codings,
            (std::vector<model::Coding>{{kRxNorm, "6130", "ketamine"},
                                        {"L", "KET500", "Ketamine 500 mg in 500 mL NS"}}));
  EXPECT_TRUE(m.unmapped.empty());  // the override used ZRX
}

TEST(Hl7MapRules, OverrideAtComponentLevelReadsSubcomponents) {
  profile::MappingProfile p = riverside();
  p.field_locations["order.medication"] = "ZRX-2.1";  // the code alone, no coding system
  const model::MappedMessage m = map_fixture("rde_o11_zrx_drug.hl7", p);
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_EQ(m.orders[0].medication.codings, (std::vector<model::Coding>{{"", "KET500", ""}}));
  EXPECT_EQ(issues(m), (Issues{"info 103 ZRX[1]-2.1"}));  // "L" entry does not match no system
}

TEST(Hl7MapRules, OverrideTakesPrecedenceOverTheStandardLocation) {
  profile::MappingProfile p = riverside();
  const model::MappedMessage standard = map_fixture("rde_o11_zrx_rate.hl7", p);
  ASSERT_EQ(standard.orders.size(), 1u);
  EXPECT_EQ(standard.orders[0].infusion_rate->value.to_string(), "35");  // RXE-23/24
  EXPECT_EQ(standard.unmapped, (std::vector<std::string>{"ZPD[1]", "ZRX[1]"}));

  p.field_locations["order.dose_rate"] = "ZRX-3";
  p.field_locations["order.dose_rate_unit"] = "ZRX-4";
  p.field_locations["patient.weight"] = "ZPD-2";
  const model::MappedMessage m = map_fixture("rde_o11_zrx_rate.hl7", p);
  EXPECT_EQ(issues(m), Issues{});
  ASSERT_EQ(m.orders.size(), 1u);
  ASSERT_TRUE(m.orders[0].dose_rate);
  EXPECT_EQ(*m.orders[0].dose_rate, (model::Quantity{{22, 0}, "mg/h"}));
  EXPECT_FALSE(m.orders[0].infusion_rate);  // the relocated rate replaces RXE-23
  ASSERT_EQ(m.patient->measurements.size(), 1u);
  EXPECT_EQ(m.patient->measurements[0].value, (model::Quantity{{812, 1}, "kg"}));
  EXPECT_EQ(m.patient->measurements[0].code.codings.at(0).code, "29463-7");
  EXPECT_EQ(m.patient->measurements[0].effective.value, "2026-03-16T08:15:00-05:00");  // MSH-7
  EXPECT_TRUE(m.unmapped.empty());
}

TEST(Hl7MapRules, RelocatedRateMustBeOfItsKind) {
  profile::MappingProfile p = riverside();
  p.field_locations["order.infusion_rate"] = "ZRX-3";
  p.field_locations["order.infusion_rate_unit"] = "ZRX-4";
  EXPECT_EQ(issues(map_fixture("rde_o11_zrx_rate.hl7", p)),
            (Issues{"error 103 ZRX[1]-4.1", "info 100 ZPD[1]"}));
  // A relocated amount without its own unit location takes the standard unit (RXE-24).
  p.field_locations.erase("order.infusion_rate_unit");
  const model::MappedMessage m = map_fixture("rde_o11_zrx_rate.hl7", p);
  EXPECT_EQ(m.orders.at(0).infusion_rate, (model::Quantity{{22, 0}, "mL/h"}));
}

TEST(Hl7MapRules, UnknownSegmentPolicy) {
  profile::MappingProfile p = riverside();
  p.unknown_segments = profile::UnknownElementPolicy::kReject;
  const model::MappedMessage rejected = map_fixture("rde_o11_zrx_drug.hl7", p);
  EXPECT_EQ(issues(rejected), (Issues{"error 101 RXE[1]-2", "error 100 ZRX[1]"}));
  EXPECT_EQ(rejected.unmapped, (std::vector<std::string>{"ZRX[1]"}));

  p.unknown_segments = profile::UnknownElementPolicy::kReport;
  const model::MappedMessage reported = map_fixture("adt_a01_admit.hl7", p);
  EXPECT_TRUE(reported.ok());
  EXPECT_EQ(issues(reported), (Issues{"info 100 ZPI[1]"}));
  // Standard segments that were not used are listed but are not issues.
  EXPECT_EQ(reported.unmapped,
            (std::vector<std::string>{"EVN[1]", "NK1[1]", "NK1[2]", "OBX[3]", "ZPI[1]"}));
}

// --- required -----------------------------------------------------------------------------------

TEST(Hl7MapRules, RequiredHl7Locations) {
  profile::MappingProfile p = riverside();
  p.required = {"PV1-19"};
  EXPECT_EQ(issues(map_fixture("adt_a04_register.hl7", p)), Issues{});
  EXPECT_EQ(issues(map_fixture("adt_a03_discharge.hl7", p)), (Issues{"error 101 PV1[1]-19"}));
  p.required = {"OBX[2]-14", "IN1", "PV1-3.4"};
  EXPECT_EQ(issues(map_fixture("adt_a04_register.hl7", p)),
            (Issues{"error 101 OBX[2]-14", "error 100 IN1[1]"}));
  p.required = {"PV1-19"};  // no PV1 at all: located at the first PV1's field all the same
  const std::string no_pv1 =
      "MSH|^~\\&|EPICADT|RIVERSIDE|TITRATE|INFUSION|20260311080000-0500||ADT^A04|X3|P|2.5.1\r"
      "PID|1||RV1^^^RIVERSIDE^MR\r";
  EXPECT_EQ(issues(map_hl7v2(hl7v2::parse(no_pv1), p)), (Issues{"error 101 PV1[1]-19"}));
}

TEST(Hl7MapRules, RequiredModelFields) {
  profile::MappingProfile p = riverside();
  p.required = {"order.dose_rate", "order.route", "order.duration"};
  EXPECT_EQ(issues(map_fixture("rde_o11_depression_series.hl7", p)),
            (Issues{"error 101 RXE[1]-23"}));
  EXPECT_EQ(issues(map_fixture("rde_o11_crps.hl7", p)), (Issues{"error 101 TQ1[1]-13"}));
  p.required = {"order.dose"};
  EXPECT_EQ(issues(map_fixture("orm_o01_rxo.hl7", p)), (Issues{"info 103 RXO[1]-1"}));
  EXPECT_EQ(issues(map_fixture("rde_o11_crps.hl7", p)), (Issues{"error 101 RXE[1]-3"}));
  p.required = {"patient.weight"};
  EXPECT_EQ(issues(map_fixture("rde_o11_depression_series.hl7", p)), Issues{});
  EXPECT_EQ(issues(map_fixture("rde_o11_crps.hl7", p)), (Issues{"error 101 OBX"}));
}

TEST(Hl7MapRules, RequiredMedicationMeansAStandardCoding) {
  profile::MappingProfile p = riverside();
  p.required = {"order.medication"};
  EXPECT_EQ(issues(map_fixture("orm_o01_rxo.hl7", p)), (Issues{"error 103 RXO[1]-1"}));
  EXPECT_EQ(issues(map_fixture("rde_o11_crps.hl7", p)), Issues{});
}

// --- timestamps ---------------------------------------------------------------------------------

TEST(Hl7MapRules, TimestampWithoutOffsetRejected) {
  profile::MappingProfile p = riverside();
  p.timestamps.reject_without_offset = true;
  const model::MappedMessage m = map_fixture("rde_o11_no_offset.hl7", p);
  EXPECT_EQ(issues(m), (Issues{"error 102 ORC[1]-9", "error 102 TQ1[1]-7", "error 102 TQ1[1]-8"}));
  // Times with an offset in the same profile are fine.
  EXPECT_EQ(issues(map_fixture("rde_o11_crps.hl7", p)), Issues{});
}

TEST(Hl7MapRules, TimestampWithoutOffsetTakesTheZoneWithDaylightSaving) {
  std::ifstream in("/usr/share/zoneinfo/America/Chicago", std::ios::binary);
  if (!in) GTEST_SKIP() << "no /usr/share/zoneinfo/America/Chicago";
  const std::string tzif((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::optional<profile::TimeZone> zone = profile::TimeZone::from_tzif(tzif, "America/Chicago");
  ASSERT_TRUE(zone);
  profile::MappingProfile p = riverside();
  p.timestamps.zone = *zone;
  const model::MappedMessage m = map_fixture("rde_o11_no_offset.hl7", p);
  EXPECT_EQ(issues(m), Issues{});
  ASSERT_EQ(m.orders.size(), 1u);
  EXPECT_EQ(m.orders[0].authored.value, "2026-07-16T08:00:00-05:00");
  EXPECT_EQ(m.orders[0].timing.start.value, "2026-07-16T08:30:00-05:00");
  EXPECT_EQ(m.orders[0].timing.end.value, "2026-11-21T08:30:00-06:00");
}

// --- errors -------------------------------------------------------------------------------------

TEST(Hl7MapRules, UnsupportedMessageTypeAndTrigger) {
  const model::MappedMessage oru = map_fixture("oru_r01_vitals.hl7", riverside());
  EXPECT_EQ(issues(oru), (Issues{"error 200 MSH[1]-9"}));
  EXPECT_FALSE(oru.patient);
  const model::MappedMessage a02 = map_fixture("adt_a02_transfer.hl7", riverside());
  EXPECT_EQ(issues(a02), (Issues{"error 201 MSH[1]-9.2"}));
  EXPECT_FALSE(a02.patient);
}

TEST(Hl7MapRules, BadOrdersAreLocatedExactly) {
  EXPECT_EQ(issues(map_fixture("rde_o11_bad_missing_drug.hl7", riverside())),
            (Issues{"error 101 RXE[1]-2"}));
  EXPECT_EQ(issues(map_fixture("rde_o11_bad_dose_text.hl7", riverside())),
            (Issues{"error 102 RXE[1]-3"}));
  EXPECT_EQ(issues(map_fixture("rde_o11_bad_unknown_unit.hl7", riverside())),
            (Issues{"error 103 RXE[1]-5.1"}));
}

TEST(Hl7MapRules, MissingSegments) {
  const std::string no_pid =
      "MSH|^~\\&|PHARMACY|RIVERSIDE|TITRATE|INFUSION|20260316081500-0500||RDE^O11|X1|P|2.5.1\r"
      "ORC|NW|PLC1^CPOE\r";
  const model::MappedMessage m = map_hl7v2(hl7v2::parse(no_pid), riverside());
  EXPECT_EQ(issues(m), (Issues{"error 100 PID", "error 100 RXE"}));
  const std::string no_orc =
      "MSH|^~\\&|PHARMACY|RIVERSIDE|TITRATE|INFUSION|20260316081500-0500||ORM^O01|X2|P|2.5.1\r"
      "PID|1||RV1^^^RIVERSIDE^MR\r";
  EXPECT_EQ(issues(map_hl7v2(hl7v2::parse(no_orc), riverside())), (Issues{"error 100 ORC"}));
  EXPECT_EQ(issues(map_hl7v2(hl7v2::parse("not hl7 at all"), riverside())),
            (Issues{"error 100 MSH"}));
}

TEST(Hl7MapRules, IssuesNeverQuotePatientData) {
  profile::MappingProfile p = riverside();
  p.timestamps.reject_without_offset = true;
  p.unknown_segments = profile::UnknownElementPolicy::kReject;
  for (const char* fixture :
       {"rde_o11_bad_dose_text.hl7", "rde_o11_bad_unknown_unit.hl7", "adt_a04_bad_no_mr.hl7",
        "rde_o11_no_offset.hl7", "adt_a01_admit.hl7", "rde_o11_two_orders.hl7"}) {
    for (const model::MappingIssue& i : map_fixture(fixture, p).issues) {
      for (const char* value :
           {"half", "SCOOP", "abc", "987-65", "NOKEY", "FICTION", "2026", "VIP"}) {
        EXPECT_EQ(i.message.find(value), std::string::npos) << fixture << ": " << i.message;
      }
    }
  }
}

// --- issues as ERR segments ---------------------------------------------------------------------

TEST(Hl7MapRules, IssueLocationsRoundTrip) {
  for (const char* text : {"RXE[1]-23.1", "PID[1]-3", "TQ1[2]-13.2.1", "PID[1]-3[2].4", "ZPI[1]"}) {
    const std::optional<hl7v2::Location> at = parse_issue_location(text);
    ASSERT_TRUE(at) << text;
    EXPECT_EQ(issue_location_text(*at), text);
  }
  const std::optional<hl7v2::Location> missing = parse_issue_location("PID");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->segment_occurrence, 0u);
  EXPECT_EQ(issue_location_text(*missing), "PID");
  EXPECT_FALSE(parse_issue_location("MedicationRequest.dosageInstruction[0]"));
  EXPECT_FALSE(parse_issue_location(""));
}

TEST(Hl7MapRules, DiagnosticsFeedTheAck) {
  const std::string bytes = test::read_fixture("mapping/hl7v2/rde_o11_bad_unknown_unit.hl7");
  const hl7v2::Message in = hl7v2::parse(bytes);
  const model::MappedMessage m = map_hl7v2(in, riverside());
  const std::vector<hl7v2::Diagnostic> d = to_diagnostics(m);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, hl7v2::Severity::kError);
  EXPECT_EQ(d[0].code, "103");
  EXPECT_EQ(d[0].location.segment_id, "RXE");
  EXPECT_EQ(d[0].location.segment_occurrence, 1u);
  EXPECT_EQ(d[0].location.field, 5u);
  EXPECT_EQ(d[0].location.component, 1u);
  EXPECT_EQ(d[0].location.to_erl(in.delimiters()), "RXE^1^5^^1");

  hl7v2::AckRequest r;
  r.inbound = &in;
  r.code = hl7v2::AckCode::kAE;
  r.errors = d;
  r.control_id = "ACK1";
  r.timestamp = "20260316081501+0000";
  const std::string ack = hl7v2::build_ack(r);
  const hl7v2::Message parsed = hl7v2::parse(ack);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value("ERR-2"), "RXE^1^5^^1");
  EXPECT_EQ(parsed.value("ERR-3.1"), "103");
  EXPECT_EQ(parsed.value("ERR-4"), "E");

  const model::MappedMessage info = map_fixture("orm_o01_rxo.hl7", riverside());
  const std::vector<hl7v2::Diagnostic> notes = to_diagnostics(info);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].severity, hl7v2::Severity::kInfo);
  EXPECT_EQ(notes[0].location.to_erl(in.delimiters()), "RXO^1^1");
}

}  // namespace
}  // namespace titrate::inbound
