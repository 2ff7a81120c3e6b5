#include "gateway/bus/embedded_bus.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "bus_test_support.h"
#include "gateway/store/bus_log_reader.h"
#include "gateway/store/module_state.h"

namespace titrate::bus {
namespace {

using test::eventually;
using test::make_event;

// Records the event ids a handler saw, thread-safely.
class Seen {
 public:
  void add(const std::string& id) {
    std::lock_guard lock(mutex_);
    ids_.push_back(id);
  }
  std::vector<std::string> ids() const {
    std::lock_guard lock(mutex_);
    return ids_;
  }
  size_t size() const { return ids().size(); }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> ids_;
};

class EmbeddedBusTest : public ::testing::Test {
 protected:
  // Not durable: these tests check ordering and atomicity, not fsync.
  EmbeddedBusOptions options() const {
    EmbeddedBusOptions o;
    o.path = dir_.file("journal.db");
    o.durable = false;
    o.initial_backoff = std::chrono::milliseconds(1);
    o.max_attempts = 3;
    return o;
  }

  std::vector<std::string> ids_in_log(const std::string& topic) const {
    store::BusLogReader reader({dir_.file("journal.db")});
    std::vector<std::string> ids;
    for (const auto& row : reader.events(topic, 0, 100000)) ids.push_back(row.event_id);
    return ids;
  }

  static Subscription collect(std::string group, std::vector<std::string> topics, Seen& seen) {
    return {std::move(group), std::move(topics),
            [&seen](const Event& e, HandlerContext&) { seen.add(e.event_id); }};
  }

  test::TempDir dir_;
};

TEST_F(EmbeddedBusTest, ConsumesEveryPublishedEventInOrder) {
  EmbeddedBus bus(options());
  Seen seen;
  bus.subscribe(collect("g", {"a", "b"}, seen));
  bus.start();
  std::vector<std::string> expected;
  for (int i = 0; i < 300; ++i) {
    expected.push_back(test::numbered("e", i));
    bus.publish(i % 3 == 0 ? "b" : "a", make_event(expected.back()));
  }
  ASSERT_TRUE(eventually([&] { return seen.size() >= expected.size(); }));
  bus.stop();
  EXPECT_EQ(seen.ids(), expected);
  EXPECT_EQ(bus.stats().published, 300u);
  EXPECT_EQ(bus.stats().consumed, 300u);
}

TEST_F(EmbeddedBusTest, EventsPublishedBeforeStartAreDeliveredInOneBatchInOrder) {
  EmbeddedBus bus(options());
  for (int i = 0; i < 10; ++i) bus.publish("a", make_event(test::numbered("e", i)));
  Seen seen;
  bus.subscribe(collect("g", {"a"}, seen));
  bus.start();
  ASSERT_TRUE(eventually([&] { return seen.size() == 10; }));
  EXPECT_EQ(seen.ids().front(), "e0");
  EXPECT_EQ(seen.ids().back(), "e9");
}

TEST_F(EmbeddedBusTest, PublishIsDurableAndVisibleToAnotherReader) {
  EmbeddedBus bus(options());
  bus.publish("a", make_event("e1", R"({"schema":1,"dose":72.50})"));
  store::BusLogReader reader({dir_.file("journal.db")});
  const auto rows = reader.events("a", 0, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].event_id, "e1");
  EXPECT_EQ(rows[0].type, "test");
  EXPECT_EQ(rows[0].key, "urn:oid:1.2|1");
  const auto decoded = decode_event(rows[0].payload, nullptr);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->body, R"({"schema":1,"dose":72.50})");
}

TEST_F(EmbeddedBusTest, ConcurrentPublishersShareCommits) {
  EmbeddedBus bus(options());
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        bus.publish("a", make_event(test::numbered(test::numbered("t", t, "/"), i)));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ids_in_log("a").size(), 400u);
}

TEST_F(EmbeddedBusTest, ARestartedConsumerResumesAfterItsCommittedOffset) {
  {
    EmbeddedBus bus(options());
    Seen seen;
    bus.subscribe(collect("g", {"a"}, seen));
    for (int i = 0; i < 3; ++i) bus.publish("a", make_event(test::numbered("first", i)));
    bus.start();
    ASSERT_TRUE(eventually([&] { return seen.size() == 3; }));
    bus.stop();
  }
  EmbeddedBus bus(options());
  bus.publish("a", make_event("second0"));
  bus.publish("a", make_event("second1"));
  Seen seen;
  bus.subscribe(collect("g", {"a"}, seen));
  bus.start();
  ASSERT_TRUE(eventually([&] { return seen.size() >= 2; }));
  bus.stop();
  EXPECT_EQ(seen.ids(), (std::vector<std::string>{"second0", "second1"}));
  EXPECT_EQ(bus.stats().duplicates_skipped, 0u);
}

TEST_F(EmbeddedBusTest, AThrowingHandlerKeepsEarlierEffectsAndIsDeadLetteredAfterMaxAttempts) {
  EmbeddedBus bus(options());
  for (const char* id : {"e1", "bad", "e3"}) bus.publish("in", make_event(id));
  std::atomic<int> bad_calls{0};
  bus.subscribe({"g", {"in"}, [&](const Event& e, HandlerContext& ctx) {
                   ctx.publish("out", make_event("out/" + e.event_id));
                   ctx.put_state("s", e.event_id, "1");
                   if (e.event_id == "bad") {
                     ++bad_calls;
                     throw std::runtime_error("cannot handle");
                   }
                 }});
  bus.start();
  ASSERT_TRUE(
      eventually([&] { return bus.stats().dead_lettered == 1 && bus.stats().consumed == 2; }));
  bus.stop();

  EXPECT_EQ(bad_calls.load(), 3);
  EXPECT_EQ(bus.stats().handler_failures, 3u);
  EXPECT_EQ(ids_in_log("out"), (std::vector<std::string>{"out/e1", "out/e3"}));
  store::ModuleState state({dir_.file("journal.db"), false});
  EXPECT_TRUE(state.get("s", "e1"));
  EXPECT_FALSE(state.get("s", "bad"));
  EXPECT_TRUE(state.get("s", "e3"));
  EXPECT_TRUE(state.handled("g", "e1"));
  EXPECT_FALSE(state.handled("g", "bad"));  // a replay may deliver it again

  store::BusLogReader reader({dir_.file("journal.db")});
  const auto letters = reader.dead_letters(10);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].group, "g");
  EXPECT_EQ(letters[0].event_id, "bad");
  EXPECT_EQ(letters[0].attempts, 3);
  EXPECT_EQ(letters[0].error, "cannot handle");
  const auto offsets = reader.offsets();
  ASSERT_EQ(offsets.size(), 1u);
  EXPECT_EQ(offsets[0].next_seq, 4);  // past e3 (seq 3)
}

TEST_F(EmbeddedBusTest, APermanentErrorIsDeadLetteredAtOnceWithoutRetries) {
  EmbeddedBus bus(options());
  for (const char* id : {"bad", "e2"}) bus.publish("in", make_event(id));
  std::atomic<int> bad_calls{0};
  bus.subscribe({"g", {"in"}, [&](const Event& e, HandlerContext& ctx) {
                   ctx.put_state("s", e.event_id, "1");
                   if (e.event_id == "bad") {
                     ++bad_calls;
                     throw PermanentError("invalid resource");
                   }
                 }});
  bus.start();
  ASSERT_TRUE(
      eventually([&] { return bus.stats().dead_lettered == 1 && bus.stats().consumed == 1; }));
  bus.stop();

  EXPECT_EQ(bad_calls.load(), 1);
  store::ModuleState state({dir_.file("journal.db"), false});
  EXPECT_FALSE(state.get("s", "bad"));
  EXPECT_TRUE(state.get("s", "e2"));
  const auto letters = store::BusLogReader({dir_.file("journal.db")}).dead_letters(10);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].event_id, "bad");
  EXPECT_EQ(letters[0].attempts, 1);
  EXPECT_EQ(letters[0].error, "invalid resource");
}

TEST_F(EmbeddedBusTest, AHandlerThatRecoversHasItsEffectsCommittedOnce) {
  EmbeddedBus bus(options());
  bus.publish("in", make_event("flaky"));
  std::atomic<int> calls{0};
  bus.subscribe({"g", {"in"}, [&](const Event& e, HandlerContext& ctx) {
                   ctx.publish("out", make_event("out/" + e.event_id));
                   if (++calls < 3) throw std::runtime_error("not yet");
                 }});
  bus.start();
  ASSERT_TRUE(eventually([&] { return bus.stats().consumed == 1; }));
  bus.stop();
  EXPECT_EQ(ids_in_log("out"), (std::vector<std::string>{"out/flaky"}));
  EXPECT_EQ(bus.stats().dead_lettered, 0u);
  EXPECT_EQ(bus.stats().handler_failures, 2u);
}

TEST_F(EmbeddedBusTest, AnEventIdAlreadyHandledIsSkipped) {
  EmbeddedBus bus(options());
  bus.publish("a", make_event("same"));
  bus.publish("a", make_event("same"));
  bus.publish("a", make_event("other"));
  Seen seen;
  bus.subscribe(collect("g", {"a"}, seen));
  bus.start();
  ASSERT_TRUE(eventually([&] { return seen.size() == 2 && bus.stats().duplicates_skipped == 1; }));
  // A later copy (a journal replay) is skipped too.
  bus.publish("a", make_event("same"));
  ASSERT_TRUE(eventually([&] { return bus.stats().duplicates_skipped == 2; }));
  bus.stop();
  EXPECT_EQ(seen.ids(), (std::vector<std::string>{"same", "other"}));
}

TEST_F(EmbeddedBusTest, EachGroupSeesEveryEvent) {
  EmbeddedBus bus(options());
  Seen one, two;
  bus.subscribe(collect("one", {"a"}, one));
  bus.subscribe(collect("two", {"a"}, two));
  bus.start();
  for (int i = 0; i < 20; ++i) bus.publish("a", make_event(test::numbered("e", i)));
  ASSERT_TRUE(eventually([&] { return one.size() == 20 && two.size() == 20; }));
  bus.stop();
  EXPECT_EQ(one.ids(), two.ids());
}

TEST_F(EmbeddedBusTest, StateReadsSeeWritesOfTheSameBatchAndHandlerCall) {
  EmbeddedBus bus(options());
  for (int i = 0; i < 25; ++i) bus.publish("a", make_event(test::numbered("e", i)));
  std::atomic<bool> own_write_seen{true};
  bus.subscribe({"g", {"a"}, [&](const Event&, HandlerContext& ctx) {
                   const int count = std::stoi(ctx.get_state("counter", "k").value_or("0"));
                   ctx.put_state("counter", "k", std::to_string(count + 1));
                   if (ctx.get_state("counter", "k") != std::to_string(count + 1)) {
                     own_write_seen = false;
                   }
                 }});
  bus.start();
  ASSERT_TRUE(eventually([&] { return bus.stats().consumed == 25; }));
  bus.stop();
  EXPECT_TRUE(own_write_seen.load());
  store::ModuleState state({dir_.file("journal.db"), false});
  EXPECT_EQ(state.get("counter", "k"), "25");
}

TEST_F(EmbeddedBusTest, APublicationFromAHandlerReachesTheNextGroup) {
  EmbeddedBus bus(options());
  Seen seen;
  bus.subscribe({"first", {"a"}, [](const Event& e, HandlerContext& ctx) {
                   ctx.publish("b", make_event(e.event_id + "/next"));
                 }});
  bus.subscribe(collect("second", {"b"}, seen));
  bus.start();
  bus.publish("a", make_event("e1"));
  ASSERT_TRUE(eventually([&] { return seen.size() == 1; }));
  bus.stop();
  EXPECT_EQ(seen.ids(), (std::vector<std::string>{"e1/next"}));
  EXPECT_EQ(bus.stats().published, 2u);
}

TEST_F(EmbeddedBusTest, StartAndStopAreIdempotentAndSubscribeAfterStartIsRefused) {
  EmbeddedBus bus(options());
  Seen seen;
  bus.subscribe(collect("g", {"a"}, seen));
  bus.start();
  bus.start();
  EXPECT_THROW(bus.subscribe(collect("h", {"a"}, seen)), std::logic_error);
  bus.publish("a", make_event("e1"));
  ASSERT_TRUE(eventually([&] { return seen.size() == 1; }));
  bus.stop();
  bus.stop();
  bus.start();  // resumes after its offset: nothing twice
  bus.publish("a", make_event("e2"));
  ASSERT_TRUE(eventually([&] { return seen.size() == 2; }));
  bus.stop();
  EXPECT_EQ(seen.ids(), (std::vector<std::string>{"e1", "e2"}));
}

TEST_F(EmbeddedBusTest, AnEventWrittenByAnotherConnectionIsFoundByPolling) {
  EmbeddedBusOptions slow = options();
  slow.poll_interval = std::chrono::milliseconds(20);
  EmbeddedBus consumer(slow);
  Seen seen;
  consumer.subscribe(collect("g", {"a"}, seen));
  consumer.start();
  EmbeddedBus other(options());  // another process, as far as `consumer` knows
  other.publish("a", make_event("from-elsewhere"));
  ASSERT_TRUE(eventually([&] { return seen.size() == 1; }));
  consumer.stop();
}

TEST(EmbeddedBusOpenTest, AMissingDirectoryIsABusErrorNamingThePath) {
  EmbeddedBusOptions o;
  o.path = "/nonexistent-titrate-dir/journal.db";
  try {
    EmbeddedBus bus(o);
    FAIL() << "expected BusError";
  } catch (const BusError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-titrate-dir"), std::string::npos);
  }
}

}  // namespace
}  // namespace titrate::bus
