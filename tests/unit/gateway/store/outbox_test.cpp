#include "gateway/store/outbox.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../bus/bus_test_support.h"
#include "gateway/store/journal.h"
#include "gateway/store/resource_store.h"

namespace titrate::store {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kNow = 1'795'219'200'000'000;  // 2026-11-21T00:00:00Z
constexpr int64_t kMs = 1000;

OutboxEntry fhir(std::string type, std::string id, int64_t version,
                 std::string destination = "ehr") {
  return {std::move(destination), "fhir",  std::move(type),
          std::move(id),          version, "{\"v\":" + std::to_string(version) + "}"};
}

std::vector<std::string> keys(const std::vector<OutboxRow>& rows) {
  std::vector<std::string> out;
  for (const OutboxRow& r : rows) {
    out.push_back(r.resource_type + "/" + r.resource_id + "/" + std::to_string(r.version));
  }
  return out;
}

class OutboxTest : public ::testing::Test {
 protected:
  OutboxOptions options() const {
    OutboxOptions o;
    o.path = dir_.file("journal.db");
    o.durable = false;
    return o;
  }

  test::TempDir dir_;
  Outbox outbox_{options()};
};

TEST_F(OutboxTest, EnqueueIsIdempotentOnDestinationResourceAndVersion) {
  EXPECT_EQ(outbox_.enqueue({fhir("Observation", "o1", 1), fhir("Device", "d1", 1)}, kNow), 2u);
  // A redelivered bus event enqueues the same items again: nothing changes.
  EXPECT_EQ(outbox_.enqueue({fhir("Observation", "o1", 1), fhir("Device", "d1", 1)}, kNow), 0u);
  // Another destination, or another version, is another item.
  EXPECT_EQ(
      outbox_.enqueue({fhir("Observation", "o1", 1, "other"), fhir("Observation", "o1", 2)}, kNow),
      2u);
  EXPECT_EQ(outbox_.list({}).size(), 4u);
  EXPECT_EQ(outbox_.counts()["ehr"][OutboxState::kPending], 3u);
  EXPECT_EQ(outbox_.counts()["other"][OutboxState::kPending], 1u);
}

TEST_F(OutboxTest, ClaimsOneDestinationsDueItemsInEnqueueOrderWithPayloads) {
  outbox_.enqueue({fhir("Observation", "b", 1), fhir("Observation", "a", 1)}, kNow);
  outbox_.enqueue({fhir("Device", "d", 1, "other")}, kNow);
  outbox_.enqueue({fhir("MedicationAdministration", "m", 1)}, kNow);
  const OutboxClaim claim = outbox_.claim("ehr", kNow, 10);
  EXPECT_EQ(keys(claim.due), (std::vector<std::string>{"Observation/b/1", "Observation/a/1",
                                                       "MedicationAdministration/m/1"}));
  EXPECT_EQ(claim.due[0].payload, "{\"v\":1}");
  EXPECT_EQ(claim.due[0].kind, "fhir");
  EXPECT_FALSE(claim.next_due_us);
  EXPECT_LT(claim.due[0].id, claim.due[1].id);

  const OutboxClaim page = outbox_.claim("ehr", kNow, 2);
  EXPECT_EQ(page.due.size(), 2u);
  EXPECT_EQ(page.next_due_us, kNow);  // more may be due after a full page
}

TEST_F(OutboxTest, AFailedItemWaitsForItsBackoffAndHoldsBackTheItemsAfterIt) {
  outbox_.enqueue({fhir("Observation", "first", 1), fhir("Observation", "second", 1)}, kNow);
  const int64_t first = outbox_.claim("ehr", kNow, 10).due.at(0).id;
  const OutboxRetryPolicy policy{100ms, 1000ms, 5};

  EXPECT_EQ(outbox_.mark_failed(first, "HTTP 503", policy, kNow), OutboxState::kPending);
  const OutboxRow row = *outbox_.get(first);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.last_error, "HTTP 503");
  // The first wait is `initial`, drawn from its upper half.
  EXPECT_GE(row.next_attempt_us, kNow + 50 * kMs);
  EXPECT_LE(row.next_attempt_us, kNow + 100 * kMs);

  const OutboxClaim waiting = outbox_.claim("ehr", kNow + 10 * kMs, 10);
  EXPECT_TRUE(waiting.due.empty());
  EXPECT_EQ(waiting.next_due_us, row.next_attempt_us);
  EXPECT_EQ(keys(outbox_.claim("ehr", row.next_attempt_us, 10).due),
            (std::vector<std::string>{"Observation/first/1", "Observation/second/1"}));

  // The wait doubles with each failure, up to the maximum.
  int64_t now = row.next_attempt_us;
  std::vector<int64_t> waits;
  for (int i = 0; i < 3; ++i) {
    outbox_.mark_failed(first, "HTTP 503", policy, now);
    const int64_t next = outbox_.get(first)->next_attempt_us;
    waits.push_back(next - now);
    now = next;
  }
  EXPECT_GE(waits[0], 100 * kMs);  // 2nd failure: 200 ms, upper half
  EXPECT_LE(waits[0], 200 * kMs);
  EXPECT_GE(waits[1], 200 * kMs);  // 3rd: 400 ms
  EXPECT_LE(waits[1], 400 * kMs);
  EXPECT_GE(waits[2], 400 * kMs);  // 4th: 800 ms
  EXPECT_LE(waits[2], 800 * kMs);
}

TEST_F(OutboxTest, AnItemIsDeadAfterMaxAttemptsOrAtOnceWhenRejected) {
  outbox_.enqueue({fhir("Observation", "a", 1), fhir("Observation", "b", 1)}, kNow);
  const std::vector<OutboxRow> due = outbox_.claim("ehr", kNow, 10).due;
  const OutboxRetryPolicy policy{1ms, 1ms, 3};
  EXPECT_EQ(outbox_.mark_failed(due[0].id, "timeout", policy, kNow), OutboxState::kPending);
  EXPECT_EQ(outbox_.mark_failed(due[0].id, "timeout", policy, kNow), OutboxState::kPending);
  EXPECT_EQ(outbox_.mark_failed(due[0].id, "timeout", policy, kNow), OutboxState::kDead);
  EXPECT_EQ(outbox_.get(due[0].id)->attempts, 3);

  outbox_.mark_dead(due[1].id, "HTTP 400", kNow);
  EXPECT_EQ(outbox_.get(due[1].id)->state, OutboxState::kDead);
  EXPECT_EQ(outbox_.get(due[1].id)->attempts, 1);
  // Dead items no longer hold anything back, and are not claimed.
  EXPECT_TRUE(outbox_.claim("ehr", kNow + 1000 * kMs, 10).due.empty());

  OutboxQuery dead;
  dead.state = OutboxState::kDead;
  EXPECT_EQ(outbox_.list(dead).size(), 2u);
}

TEST_F(OutboxTest, RetryPutsDeadItemsBackToPendingDueNow) {
  outbox_.enqueue({fhir("Observation", "a", 1), fhir("Observation", "b", 1),
                   fhir("Observation", "c", 1, "other")},
                  kNow);
  for (const char* destination : {"ehr", "other"}) {
    for (const OutboxRow& row : outbox_.claim(destination, kNow, 10).due) {
      outbox_.mark_dead(row.id, "HTTP 400", kNow);
    }
  }
  const int64_t a = outbox_.list({}).at(0).id;
  EXPECT_FALSE(outbox_.retry(a + 100, kNow));  // no such item
  EXPECT_TRUE(outbox_.retry(a, kNow + 5));
  EXPECT_FALSE(outbox_.retry(a, kNow + 5));  // no longer dead
  const OutboxRow revived = *outbox_.get(a);
  EXPECT_EQ(revived.state, OutboxState::kPending);
  EXPECT_EQ(revived.attempts, 0);
  EXPECT_EQ(keys(outbox_.claim("ehr", kNow + 5, 10).due),
            (std::vector<std::string>{"Observation/a/1"}));

  EXPECT_EQ(outbox_.retry_dead(std::string("ehr"), kNow), 1u);  // b; c is another destination's
  EXPECT_EQ(outbox_.counts()["other"][OutboxState::kDead], 1u);
  EXPECT_EQ(outbox_.retry_dead(std::nullopt, kNow), 1u);
  EXPECT_EQ(outbox_.counts()["other"][OutboxState::kPending], 1u);
}

TEST_F(OutboxTest, OnlyTheNewestPendingVersionIsPushedAndTheOlderOnesAreSuperseded) {
  outbox_.enqueue({fhir("MedicationAdministration", "m", 1)}, kNow);
  outbox_.enqueue({fhir("Observation", "o", 1)}, kNow);
  outbox_.enqueue({fhir("MedicationAdministration", "m", 2)}, kNow);
  outbox_.enqueue({fhir("MedicationAdministration", "m", 3)}, kNow);

  // Version 3 takes the place of version 1, before the Observation enqueued after it.
  const std::vector<OutboxRow> due = outbox_.claim("ehr", kNow, 10).due;
  EXPECT_EQ(keys(due),
            (std::vector<std::string>{"MedicationAdministration/m/3", "Observation/o/1"}));
  EXPECT_EQ(due[0].payload, "{\"v\":3}");
  outbox_.mark_delivered(due[0].id, kNow);

  OutboxQuery superseded;
  superseded.state = OutboxState::kSuperseded;
  EXPECT_EQ(
      keys(outbox_.list(superseded)),
      (std::vector<std::string>{"MedicationAdministration/m/1", "MedicationAdministration/m/2"}));
  EXPECT_EQ(keys(outbox_.claim("ehr", kNow, 10).due),
            (std::vector<std::string>{"Observation/o/1"}));

  // A version older than one already enqueued never goes out after it.
  EXPECT_EQ(outbox_.enqueue({fhir("MedicationAdministration", "m", 2)}, kNow), 0u);
  outbox_.enqueue({fhir("Device", "d", 5)}, kNow);
  EXPECT_EQ(outbox_.enqueue({fhir("Device", "d", 4)}, kNow), 1u);
  EXPECT_EQ(keys(outbox_.claim("ehr", kNow, 10).due),
            (std::vector<std::string>{"Observation/o/1", "Device/d/5"}));
  EXPECT_EQ(outbox_.list(superseded).size(), 3u);
}

TEST_F(OutboxTest, ADeadNewestVersionSupersedesOlderPendingOnesAndRetryNeverGoesBack) {
  outbox_.enqueue({fhir("Observation", "o", 1), fhir("Observation", "o", 2)}, kNow);
  const OutboxRow newest = outbox_.claim("ehr", kNow, 10).due.at(0);
  EXPECT_EQ(newest.version, 2);
  outbox_.mark_dead(newest.id, "HTTP 422", kNow);
  // Version 1 is not pushed in place of the dead version 2.
  EXPECT_TRUE(outbox_.claim("ehr", kNow, 10).due.empty());

  // Retrying a dead version after a newer one was enqueued does not send it back.
  outbox_.enqueue({fhir("Observation", "o", 3)}, kNow);
  EXPECT_TRUE(outbox_.retry(newest.id, kNow));
  EXPECT_EQ(outbox_.get(newest.id)->state, OutboxState::kSuperseded);
  EXPECT_EQ(keys(outbox_.claim("ehr", kNow, 10).due),
            (std::vector<std::string>{"Observation/o/3"}));
}

TEST_F(OutboxTest, ListPagesAndFilters) {
  for (int i = 0; i < 5; ++i)
    outbox_.enqueue({fhir("Observation", test::numbered("o", i), 1)}, kNow);
  outbox_.enqueue({fhir("Observation", "x", 1, "other")}, kNow);
  OutboxQuery page;
  page.destination = "ehr";
  page.limit = 2;
  const std::vector<OutboxRow> first = outbox_.list(page);
  EXPECT_EQ(keys(first), (std::vector<std::string>{"Observation/o0/1", "Observation/o1/1"}));
  EXPECT_TRUE(first[0].payload.empty());  // listings carry no payload (PHI)
  page.after_id = first.back().id;
  EXPECT_EQ(keys(outbox_.list(page)),
            (std::vector<std::string>{"Observation/o2/1", "Observation/o3/1"}));
  page.after_id = 0;
  page.limit = 100;
  page.state = OutboxState::kDelivered;
  EXPECT_TRUE(outbox_.list(page).empty());
}

TEST(OutboxFileTest, EnqueuedItemsSurviveReopeningBesideTheJournalAndResources) {
  test::TempDir dir;
  const std::string path = dir.file("journal.db");
  int64_t delivered_id = 0;
  {
    JournalOptions journal_options;
    journal_options.path = path;
    Journal journal(journal_options);
    ResourceStoreOptions store_options;
    store_options.path = path;
    ResourceStore resources(store_options);
    resources.put("Observation", "o1", "{}", {});

    OutboxOptions options;
    options.path = path;
    Outbox outbox(options);
    outbox.enqueue({fhir("Observation", "o1", 1), fhir("Observation", "o2", 1)}, kNow);
    delivered_id = outbox.claim("ehr", kNow, 1).due.at(0).id;
    outbox.mark_delivered(delivered_id, kNow);
  }
  OutboxOptions options;
  options.path = path;
  Outbox reopened(options);
  EXPECT_EQ(reopened.get(delivered_id)->state, OutboxState::kDelivered);
  EXPECT_EQ(keys(reopened.claim("ehr", kNow, 10).due),
            (std::vector<std::string>{"Observation/o2/1"}));
}

TEST(OutboxFileTest, AMissingDirectoryIsAJournalError) {
  OutboxOptions options;
  options.path = "/nonexistent-titrate-dir/journal.db";
  EXPECT_THROW(Outbox{options}, JournalError);
}

}  // namespace
}  // namespace titrate::store
