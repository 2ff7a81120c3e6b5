#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "connectors/kafka/kafka_bus.h"
#include "gateway/bus/event.h"
#include "kafka_test_support.h"

namespace titrate::kafka::test {
namespace {

using namespace std::chrono_literals;

class KafkaConsumer : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.create_topic("orders", 4);
    cluster_.create_topic("plans", 4);
    cluster_.create_topic("dead-letter", 1);
  }
  KafkaOptions options(store::ModuleState* state) {
    KafkaOptions options = test_options(cluster_.bootstraps(), state);
    options.dead_letter_topic = "dead-letter";
    return options;
  }
  // Events e<from>..e<to - 1>, over `keys` patients.
  void publish(int from, int to, int keys = 8) {
    KafkaBus publisher(options(nullptr));
    for (int i = from; i < to; ++i) {
      publisher.publish("orders", make_event(numbered("e", i), numbered("k", i % keys)));
    }
  }

  MockCluster cluster_;
  TempDir dir_;
};

bus::Handler record_into(Recorder& recorder) {
  return [&recorder](const bus::Event& event, bus::HandlerContext&) { recorder.record(event); };
}

TEST_F(KafkaConsumer, RestartResumesFromTheCommittedOffsets) {
  auto state = open_state(dir_);
  Recorder first, second;
  publish(0, 20);
  {
    KafkaBus bus(options(state.get()));
    bus.subscribe({"workers", {"orders"}, record_into(first)});
    bus.start();
    ASSERT_TRUE(wait_until([&] { return first.total() >= 20; }));
    bus.stop();
  }
  publish(20, 30);
  KafkaBus bus(options(state.get()));
  bus.subscribe({"workers", {"orders"}, record_into(second)});
  bus.start();
  ASSERT_TRUE(wait_until([&] { return second.total() >= 10; }));
  bus.stop();

  EXPECT_EQ(first.total(), 20u);
  EXPECT_EQ(second.total(), 10u);
  for (const auto& [id, seen] : second.count_by_id()) {
    EXPECT_EQ(seen, 1) << id;
    EXPECT_EQ(first.count_by_id().count(id), 0u) << id << " handled twice";
  }
  // Resumed from the committed offsets: the first 20 were not even read again.
  EXPECT_EQ(bus.stats().duplicates_skipped, 0u);
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(state->handled("workers", numbered("e", i)));
}

TEST_F(KafkaConsumer, AnEventAlreadyHandledByTheGroupIsSkipped) {
  auto state = open_state(dir_);
  state->commit("workers", "e1", {});
  publish(0, 3);
  Recorder seen;
  KafkaBus bus(options(state.get()));
  bus.subscribe({"workers", {"orders"}, record_into(seen)});
  bus.start();
  ASSERT_TRUE(
      wait_until([&] { return bus.stats().consumed + bus.stats().duplicates_skipped >= 3; }));
  bus.stop();
  EXPECT_EQ(seen.count_by_id(), (std::map<std::string, int>{{"e0", 1}, {"e2", 1}}));
  EXPECT_EQ(bus.stats().duplicates_skipped, 1u);
}

TEST_F(KafkaConsumer, TwoWorkersOfOneGroupShareThePartitions) {
  auto state_a = open_state(dir_);
  auto state_b = open_state(dir_);  // two connections to one database, like two processes
  Recorder a, b;
  KafkaBus worker_a(options(state_a.get()));
  KafkaBus worker_b(options(state_b.get()));
  worker_a.subscribe({"workers", {"orders"}, record_into(a)});
  worker_b.subscribe({"workers", {"orders"}, record_into(b)});
  worker_a.start();
  worker_b.start();
  ASSERT_TRUE(wait_until([&] {
    size_t on_a = worker_a.assigned_partitions(), on_b = worker_b.assigned_partitions();
    return on_a > 0 && on_b > 0 && on_a + on_b == 4;
  })) << "assigned: "
      << worker_a.assigned_partitions() << " + " << worker_b.assigned_partitions();

  constexpr int kCount = 40;
  publish(0, kCount, kCount);  // a key each: every partition gets some
  ASSERT_TRUE(wait_until([&] { return a.total() + b.total() >= kCount; }));
  worker_a.stop();
  worker_b.stop();

  EXPECT_GT(a.total(), 0u);
  EXPECT_GT(b.total(), 0u);
  std::map<std::string, int> all = a.count_by_id();
  for (const auto& [id, seen] : b.count_by_id()) all[id] += seen;
  EXPECT_EQ(all.size(), static_cast<size_t>(kCount));
  for (const auto& [id, seen] : all) EXPECT_EQ(seen, 1) << id;
}

TEST_F(KafkaConsumer, AHandlerThatKeepsThrowingIsDeadLetteredAndLaterEventsFlow) {
  auto state = open_state(dir_);
  KafkaOptions opts = options(state.get());
  opts.max_attempts = 3;
  Recorder good;
  std::atomic<int> poison_attempts{0};
  KafkaBus bus(opts);
  bus.subscribe({"workers", {"orders"}, [&](const bus::Event& event, bus::HandlerContext& context) {
                   context.put_state("sessions", event.event_id, "{}");
                   context.publish("plans", make_event(event.event_id + "/plan", event.key));
                   if (event.event_id == "poison") {
                     ++poison_attempts;
                     throw std::runtime_error("pump library has no entry for this drug");
                   }
                   good.record(event);
                 }});
  bus.start();
  KafkaBus publisher(options(nullptr));
  publisher.publish("orders", make_event("poison", "k"));
  for (int i = 0; i < 5; ++i) publisher.publish("orders", make_event(numbered("e", i), "k"));
  ASSERT_TRUE(wait_until([&] { return good.total() >= 5; }));
  bus.stop();

  EXPECT_EQ(poison_attempts, 3);
  bus::BusStats stats = bus.stats();
  EXPECT_EQ(stats.handler_failures, 3u);
  EXPECT_EQ(stats.dead_lettered, 1u);
  // None of the failed attempts' effects were kept.
  EXPECT_FALSE(state->handled("workers", "poison"));
  EXPECT_FALSE(state->get("sessions", "poison").has_value());
  EXPECT_TRUE(state->get("sessions", "e0").has_value());

  std::vector<Record> dead = read_topic(cluster_.bootstraps(), "dead-letter");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].key, "k");
  EXPECT_EQ(dead[0].headers["titrate-event-id"], "poison");
  EXPECT_EQ(dead[0].headers["titrate-group"], "workers");
  EXPECT_EQ(dead[0].headers["titrate-source-topic"], "orders");
  EXPECT_EQ(dead[0].headers["titrate-attempts"], "3");
  EXPECT_EQ(dead[0].headers["titrate-error"], "pump library has no entry for this drug");
  std::optional<bus::Event> kept = bus::decode_event(dead[0].value, nullptr);
  ASSERT_TRUE(kept);
  EXPECT_EQ(*kept, make_event("poison", "k"));
  // The good events' outputs, once each; the failed attempts published nothing.
  EXPECT_EQ(read_topic(cluster_.bootstraps(), "plans").size(), 5u);
}

TEST_F(KafkaConsumer, APermanentErrorIsDeadLetteredOnTheFirstAttempt) {
  auto state = open_state(dir_);
  KafkaOptions opts = options(state.get());
  opts.max_attempts = 5;
  Recorder good;
  std::atomic<int> invalid_attempts{0};
  KafkaBus bus(opts);
  bus.subscribe({"workers", {"orders"}, [&](const bus::Event& event, bus::HandlerContext&) {
                   if (event.event_id == "invalid") {
                     ++invalid_attempts;
                     throw bus::PermanentError("resource failed validation");
                   }
                   good.record(event);
                 }});
  bus.start();
  KafkaBus publisher(options(nullptr));
  publisher.publish("orders", make_event("invalid", "k"));
  publisher.publish("orders", make_event("e0", "k"));
  ASSERT_TRUE(wait_until([&] { return good.total() >= 1; }));
  bus.stop();

  EXPECT_EQ(invalid_attempts, 1);
  EXPECT_EQ(bus.stats().dead_lettered, 1u);
  std::vector<Record> dead = read_topic(cluster_.bootstraps(), "dead-letter");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].headers["titrate-event-id"], "invalid");
  EXPECT_EQ(dead[0].headers["titrate-attempts"], "1");
  EXPECT_EQ(dead[0].headers["titrate-error"], "resource failed validation");
}

TEST_F(KafkaConsumer, ARecordThatIsNotAnEventIsDeadLetteredAndLaterEventsFlow) {
  auto state = open_state(dir_);
  Recorder good;
  KafkaBus bus(options(state.get()));
  bus.subscribe({"workers", {"orders"}, record_into(good)});
  bus.start();
  produce_raw(cluster_.bootstraps(), "orders", "k", "MSH|^~\\&|not json");
  KafkaBus publisher(options(nullptr));
  for (int i = 0; i < 3; ++i) publisher.publish("orders", make_event(numbered("e", i), "k"));
  ASSERT_TRUE(wait_until([&] { return good.total() >= 3; }));
  bus.stop();

  EXPECT_EQ(bus.stats().dead_lettered, 1u);
  EXPECT_EQ(bus.stats().handler_failures, 0u);
  std::vector<Record> dead = read_topic(cluster_.bootstraps(), "dead-letter");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].value, "MSH|^~\\&|not json");
  EXPECT_EQ(dead[0].headers.count("titrate-event-id"), 0u);
  EXPECT_EQ(dead[0].headers["titrate-source-topic"], "orders");
  EXPECT_NE(dead[0].headers["titrate-error"].find("not an event envelope"), std::string::npos)
      << dead[0].headers["titrate-error"];
}

}  // namespace
}  // namespace titrate::kafka::test
