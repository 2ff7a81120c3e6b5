#include "connectors/push/push_worker.h"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "../../gateway/bus/bus_test_support.h"
#include "gateway/clock/utc_time.h"

namespace titrate::push {
namespace {

using namespace std::chrono_literals;

// Answers with the outcomes it is told, then kDelivered; records what it was given.
class ScriptedTransport : public PushTransport {
 public:
  struct Shared {
    std::mutex mutex;
    std::deque<DeliveryOutcome> outcomes;
    std::vector<OutboxItem> delivered;  // every call, in order
  };
  explicit ScriptedTransport(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  DeliveryResult deliver(const OutboxItem& item) override {
    std::lock_guard lock(shared_->mutex);
    shared_->delivered.push_back(item);
    DeliveryResult result{DeliveryOutcome::kDelivered, "HTTP 200"};
    if (!shared_->outcomes.empty()) {
      result.outcome = shared_->outcomes.front();
      result.detail = result.outcome == DeliveryOutcome::kRejected ? "HTTP 400" : "HTTP 503";
      shared_->outcomes.pop_front();
    }
    return result;
  }

 private:
  std::shared_ptr<Shared> shared_;
};

store::OutboxEntry entry(std::string id, int64_t version = 1) {
  return {"ehr", "fhir", "Observation", std::move(id), version, "{}"};
}

class PushWorkerTest : public ::testing::Test {
 protected:
  PushWorkerTest() {
    store::OutboxOptions options;
    options.path = dir_.file("journal.db");
    options.durable = false;
    outbox_ = std::make_unique<store::Outbox>(options);
  }

  std::unique_ptr<PushWorker> worker(store::OutboxRetryPolicy retry = {1ms, 2ms, 5},
                                     std::chrono::milliseconds idle = 1h) {
    PushWorkerOptions options;
    options.destination = "ehr";
    options.retry = retry;
    options.idle_recheck = idle;
    return std::make_unique<PushWorker>(*outbox_, std::make_unique<ScriptedTransport>(shared_),
                                        std::move(options));
  }

  std::vector<std::string> delivered_ids() {
    std::lock_guard lock(shared_->mutex);
    std::vector<std::string> ids;
    for (const OutboxItem& item : shared_->delivered) ids.push_back(item.resource_id);
    return ids;
  }

  size_t in_state(store::OutboxState state) { return outbox_->counts()["ehr"][state]; }

  test::TempDir dir_;
  std::unique_ptr<store::Outbox> outbox_;
  std::shared_ptr<ScriptedTransport::Shared> shared_ =
      std::make_shared<ScriptedTransport::Shared>();
};

TEST_F(PushWorkerTest, DeliversWhatIsEnqueuedInOrderWhenWoken) {
  auto w = worker();
  w->start();
  outbox_->enqueue({entry("a"), entry("b")}, clock::now_us());
  w->wake();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDelivered) == 2; }));
  outbox_->enqueue({entry("c")}, clock::now_us());
  w->wake();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDelivered) == 3; }));
  EXPECT_EQ(delivered_ids(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(w->stats().delivered, 3u);
}

TEST_F(PushWorkerTest, FindsItemsEnqueuedBeforeItStarted) {
  outbox_->enqueue({entry("a")}, clock::now_us());
  auto w = worker();
  w->start();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDelivered) == 1; }));
}

TEST_F(PushWorkerTest, RetriesWithBackoffAndKeepsTheOrder) {
  shared_->outcomes = {DeliveryOutcome::kRetry, DeliveryOutcome::kRetry};
  outbox_->enqueue({entry("a"), entry("b")}, clock::now_us());
  auto w = worker();
  w->start();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDelivered) == 2; }));
  // "a" failed twice and held "b" back each time.
  EXPECT_EQ(delivered_ids(), (std::vector<std::string>{"a", "a", "a", "b"}));
  EXPECT_EQ(w->stats().retried, 2u);
  EXPECT_EQ(w->stats().delivered, 2u);
  EXPECT_EQ(outbox_->list({}).at(0).attempts, 2);
}

TEST_F(PushWorkerTest, ARejectedItemIsDeadAtOnceAndTheNextOneGoesOut) {
  shared_->outcomes = {DeliveryOutcome::kRejected};
  outbox_->enqueue({entry("bad"), entry("good")}, clock::now_us());
  auto w = worker();
  w->start();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDelivered) == 1; }));
  EXPECT_EQ(in_state(store::OutboxState::kDead), 1u);
  EXPECT_EQ(outbox_->list({}).at(0).last_error, "HTTP 400");
  EXPECT_EQ(w->stats().dead, 1u);
}

TEST_F(PushWorkerTest, AnItemOutOfAttemptsIsDead) {
  shared_->outcomes = {DeliveryOutcome::kRetry, DeliveryOutcome::kRetry, DeliveryOutcome::kRetry};
  outbox_->enqueue({entry("a")}, clock::now_us());
  auto w = worker({1ms, 1ms, 3});
  w->start();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDead) == 1; }));
  EXPECT_EQ(delivered_ids().size(), 3u);
  EXPECT_EQ(w->stats().retried, 2u);
  EXPECT_EQ(w->stats().dead, 1u);
}

TEST_F(PushWorkerTest, AWaitingRetryHoldsBackLaterItemsUntilItIsDue) {
  shared_->outcomes = {DeliveryOutcome::kRetry};
  outbox_->enqueue({entry("a"), entry("b")}, clock::now_us());
  auto w = worker({300ms, 300ms, 5});
  const auto start = std::chrono::steady_clock::now();
  w->start();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDelivered) == 2; }));
  // The retry waited in [150, 300] ms, with nothing delivered in between.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
  EXPECT_EQ(delivered_ids(), (std::vector<std::string>{"a", "a", "b"}));
}

TEST_F(PushWorkerTest, PicksUpItemsRetriedFromOutsideWithinTheIdleRecheck) {
  shared_->outcomes = {DeliveryOutcome::kRejected};
  outbox_->enqueue({entry("a")}, clock::now_us());
  auto w = worker({1ms, 1ms, 5}, 50ms);
  w->start();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDead) == 1; }));
  // Another process (titrate outbox retry) has its own connection: no wake().
  store::OutboxOptions options;
  options.path = dir_.file("journal.db");
  store::Outbox other(options);
  EXPECT_EQ(other.retry_dead(std::nullopt, clock::now_us()), 1u);
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDelivered) == 1; }));
}

TEST_F(PushWorkerTest, StopIsPromptWhenIdle) {
  auto w = worker();
  w->start();
  outbox_->enqueue({entry("a")}, clock::now_us());
  w->wake();
  ASSERT_TRUE(test::eventually([&] { return in_state(store::OutboxState::kDelivered) == 1; }));
  const auto start = std::chrono::steady_clock::now();
  w->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
}

}  // namespace
}  // namespace titrate::push
