#include "connectors/push/push_audit.h"

#include <gtest/gtest.h>

namespace titrate::push {
namespace {

store::OutboxRow row(std::string kind, std::string type, std::string id, int64_t version) {
  store::OutboxRow r;
  r.id = 41;
  r.kind = std::move(kind);
  r.resource_type = std::move(type);
  r.resource_id = std::move(id);
  r.version = version;
  r.attempts = 2;
  return r;
}

TEST(PushAuditTest, AFhirPushIsAnExportOfTheResourceAtItsVersion) {
  config::PushDestinationConfig ehr;
  ehr.name = "north-ehr";
  ehr.base_url = "https://ehr.north.example:8443/fhir";
  const auto record = push_record(ehr, row("fhir", "MedicationAdministration", "ma-1", 4),
                                  {DeliveryOutcome::kDelivered, "201"});
  EXPECT_EQ(record.kind, model::AuditKind::kExport);
  EXPECT_EQ(record.subtype, "update");
  EXPECT_EQ(record.outcome, model::AuditOutcome::kSuccess);
  ASSERT_EQ(record.agents.size(), 2u);
  EXPECT_TRUE(record.agents[0].requestor);
  EXPECT_EQ(record.agents[1].name, "north-ehr");
  EXPECT_EQ(record.agents[1].address, "ehr.north.example");
  EXPECT_FALSE(record.agents[1].source);
  ASSERT_EQ(record.entities.size(), 1u);
  EXPECT_EQ(record.entities[0].reference, "MedicationAdministration/ma-1/_history/4");
  EXPECT_EQ(record.entities[0].details.back(),
            (std::pair<std::string, std::string>{"attempt", "3"}));
}

TEST(PushAuditTest, RetriedAndRejectedPushesAreFailures) {
  config::PushDestinationConfig v2;
  v2.name = "lab";
  v2.type = "hl7v2";
  v2.host = "10.2.3.4";
  const auto retried =
      push_record(v2, row("hl7v2", "RAS^O17", "CTL9", 0), {DeliveryOutcome::kRetry, "AE"});
  EXPECT_EQ(retried.outcome, model::AuditOutcome::kMinorFailure);
  EXPECT_EQ(retried.outcome_text, "failed, will retry: AE");
  EXPECT_EQ(retried.subtype, "O17");
  EXPECT_EQ(retried.agents[1].address, "10.2.3.4");
  EXPECT_EQ(retried.entities[0].name, "RAS^O17");
  EXPECT_EQ(retried.entities[0].details.front(),
            (std::pair<std::string, std::string>{"MSH-10", "CTL9"}));
  const auto rejected =
      push_record(v2, row("hl7v2", "RAS^O17", "CTL9", 0), {DeliveryOutcome::kRejected, "AR"});
  EXPECT_EQ(rejected.outcome, model::AuditOutcome::kSeriousFailure);
}

}  // namespace
}  // namespace titrate::push
