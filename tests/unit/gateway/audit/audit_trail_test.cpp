#include "gateway/audit/audit_trail.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "../bus/bus_test_support.h"
#include "gateway/audit/audit_records.h"

namespace titrate::audit {
namespace {

using store::IndexKind;
using store::SearchParam;

constexpr int64_t kRecorded = 1'795'252'200'000'000;  // 2026-11-21T09:10:00Z

store::ResourceStoreOptions options_in(const test::TempDir& dir) {
  store::ResourceStoreOptions o;
  o.path = dir.file("audit.db");
  o.durable = false;
  return o;
}

ingest::Hl7v2IngestResult ingest_result(store::JournalState state, std::string control_id) {
  ingest::Hl7v2IngestResult r;
  r.state = state;
  r.journal_id = 7;
  r.control_id = std::move(control_id);
  r.message_type = "ORM^O01^ORM_O01";
  r.sender = "CLINIC|NORTH";
  return r;
}

SearchParam token(std::string param, std::string value, std::optional<std::string> system = {}) {
  store::SearchValue v;
  v.system = std::move(system);
  v.value = std::move(value);
  return {std::move(param), IndexKind::kToken, {v}};
}

size_t total(const store::ResourceStore& store, std::vector<SearchParam> params) {
  store::SearchOptions o;
  o.include_json = false;
  return store.search("AuditEvent", params, o).total;
}

TEST(AuditTrailTest, EveryRecordFromManyThreadsIsWrittenThroughATinyQueue) {
  test::TempDir dir;
  store::ResourceStore store(options_in(dir));
  AuditTrailOptions options;
  options.queue_limit = 4;  // callers wait for the writer; nothing is dropped
  options.max_batch = 16;
  AuditTrail trail(store, options);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&trail, t] {
      for (int i = 0; i < 250; ++i) {
        const auto state =
            i % 5 == 0 ? store::JournalState::kRejected : store::JournalState::kAccepted;
        trail.record(hl7v2_import_record("adt", "10.0.0.1:2000", "",
                                         ingest_result(state, test::numbered("c", t * 1000 + i))));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  trail.flush();
  const AuditTrailStats stats = trail.stats();
  EXPECT_EQ(stats.recorded, 1000u);
  EXPECT_EQ(stats.written, 1000u);
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_EQ(total(store, {}), 1000u);
  EXPECT_EQ(total(store, {token("outcome", "4")}), 200u);
  EXPECT_EQ(total(store, {token("type", "110107", "http://dicom.nema.org/resources/ontology/DCM"),
                          token("subtype", "O01")}),
            1000u);
}

TEST(AuditTrailTest, StopWritesWhatIsStillQueued) {
  test::TempDir dir;
  {
    store::ResourceStore store(options_in(dir));
    AuditTrail trail(store, {});
    for (int i = 0; i < 300; ++i) trail.record(application_record(i % 2 == 0));
    trail.stop();
    EXPECT_EQ(trail.stats().written, 300u);
  }
  store::ResourceStore reopened(options_in(dir));
  EXPECT_EQ(total(reopened, {token("subtype", "110120")}), 150u);
  EXPECT_EQ(total(reopened, {token("subtype", "110121")}), 150u);
}

TEST(AuditTrailTest, SearchableByDateAgentAddressCertificateAndEntity) {
  test::TempDir dir;
  store::ResourceStore store(options_in(dir));
  AuditTrail trail(store, {});
  model::AuditRecord read;
  read.subtype = "read";
  read.action = model::AuditAction::kRead;
  read.recorded_us = kRecorded;
  model::AuditAgent client;
  client.name = "ehr-reader";
  client.address = "10.1.2.3:5000";
  client.certificate_subject = "/CN=reader";
  client.requestor = true;
  read.agents = {client, gateway_agent(false, false)};
  model::AuditEntity entity;
  entity.reference = "MedicationAdministration/ma-1/_history/3";
  entity.role = model::AuditEntityRole::kDomainResource;
  read.entities = {entity};
  trail.record(read);
  trail.record(configuration_record("mapping profiles", "config/mappings", "bad profile"));
  trail.flush();

  store::SearchValue day;
  day.low_us = kRecorded - 3600'000'000LL;
  day.high_us = kRecorded + 3600'000'000LL;
  EXPECT_EQ(total(store, {{"date", IndexKind::kDate, {day}}}), 1u);
  store::SearchValue name;
  name.value = "ehr";
  EXPECT_EQ(total(store, {{"agent-name", IndexKind::kString, {name}}}), 1u);
  store::SearchValue address;
  address.value = "10.1.2.3";
  EXPECT_EQ(total(store, {{"address", IndexKind::kString, {address}}}), 1u);
  EXPECT_EQ(total(store, {token("altid", "/CN=reader")}), 1u);
  store::SearchValue what;
  what.value = "MedicationAdministration/ma-1";
  EXPECT_EQ(total(store, {{"entity", IndexKind::kReference, {what}}}), 1u);
  EXPECT_EQ(total(store, {token("subtype", "110131"), token("outcome", "8")}), 1u);
  EXPECT_EQ(total(store, {token("action", "R")}), 1u);
}

TEST(AuditTrailTest, InboundRecordsSayWhatHappenedWithoutTheMessage) {
  const auto rejected = hl7v2_import_record("adt", "10.0.0.1:2000", "/CN=x",
                                            ingest_result(store::JournalState::kRejected, "C1"));
  EXPECT_EQ(rejected.outcome, model::AuditOutcome::kMinorFailure);
  EXPECT_EQ(rejected.subtype, "O01");
  ASSERT_EQ(rejected.agents.size(), 2u);
  EXPECT_EQ(rejected.agents[0].name, "CLINIC|NORTH");
  EXPECT_EQ(rejected.agents[0].certificate_subject, "/CN=x");
  ASSERT_EQ(rejected.entities.size(), 1u);
  EXPECT_EQ(rejected.entities[0].name, "ORM^O01^ORM_O01");
  auto failed = ingest_result(store::JournalState::kFailed, "C2");
  failed.journal_id = 0;
  const auto not_stored = hl7v2_import_record("adt", "", "", failed);
  EXPECT_EQ(not_stored.outcome, model::AuditOutcome::kSeriousFailure);
  EXPECT_EQ(not_stored.outcome_text, "not stored: the journal failed");
}

}  // namespace
}  // namespace titrate::audit
