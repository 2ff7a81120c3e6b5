#include "gateway/bus/outbox_relay.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "bus_test_support.h"
#include "gateway/bus/embedded_bus.h"
#include "gateway/store/bus_log_reader.h"
#include "gateway/store/journal.h"

namespace titrate::bus {
namespace {

using test::eventually;
using test::make_event;

// A target that refuses the first `failures` publishes.
class FlakyBus final : public Bus {
 public:
  explicit FlakyBus(int failures) : failures_(failures) {}
  void publish(std::string_view topic, const Event& event) override {
    std::lock_guard lock(mutex_);
    if (failures_ > 0) {
      --failures_;
      throw BusError("broker down");
    }
    received_.push_back(std::string(topic) + ":" + event.event_id);
  }
  void subscribe(Subscription) override {}
  void start() override {}
  void stop() override {}
  BusStats stats() const override { return {}; }
  std::vector<std::string> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  mutable std::mutex mutex_;
  int failures_;
  std::vector<std::string> received_;
};

class OutboxRelayTest : public ::testing::Test {
 protected:
  OutboxRelayOptions relay_options() const {
    OutboxRelayOptions o;
    o.path = dir_.file("journal.db");
    o.durable = false;  // ordering and resumption are checked here, not fsync
    o.topics = {"orders", "pumps"};
    o.batch = 4;
    o.initial_backoff = std::chrono::milliseconds(1);
    return o;
  }
  EmbeddedBusOptions target_options() const {
    EmbeddedBusOptions o;
    o.path = dir_.file("kafka-stand-in.db");
    o.durable = false;
    return o;
  }
  // What ingest does: journal entries with their events.
  void journal_events(store::Journal& journal, int first, int count) {
    for (int i = first; i < first + count; ++i) {
      store::JournalEntry entry;
      entry.channel = "ehr-mllp";
      entry.control_id = test::numbered("MSG", i);
      entry.events = {{i % 2 == 1 ? "pumps" : "orders", make_event("e")}};  // odd: pumps
      journal.append(entry);
    }
  }
  std::vector<std::string> target_ids(const std::string& topic) const {
    store::BusLogReader reader({dir_.file("kafka-stand-in.db")});
    std::vector<std::string> ids;
    for (const auto& row : reader.events(topic, 0, 1000)) ids.push_back(row.event_id);
    return ids;
  }

  test::TempDir dir_;
};

TEST_F(OutboxRelayTest, ForwardsInOrderAndResumesAfterRestart) {
  store::Journal journal({dir_.file("journal.db")});
  EmbeddedBus target(target_options());
  std::mutex mutex;
  std::vector<std::string> seen;
  target.subscribe({"g", {"orders", "pumps"}, [&](const Event& e, HandlerContext&) {
                      std::lock_guard lock(mutex);
                      seen.push_back(e.event_id);
                    }});
  target.start();
  auto seen_count = [&] {
    std::lock_guard lock(mutex);
    return seen.size();
  };

  journal_events(journal, 1, 10);
  {
    OutboxRelay relay(relay_options(), target);
    relay.start();
    ASSERT_TRUE(eventually([&] { return seen_count() == 10; }));
    relay.stop();
    EXPECT_EQ(relay.stats().forwarded, 10u);
  }
  journal_events(journal, 11, 3);
  OutboxRelay relay(relay_options(), target);
  journal.set_commit_listener([&] { relay.wake(); });
  relay.start();
  ASSERT_TRUE(eventually([&] { return seen_count() == 13; }));
  journal_events(journal, 14, 1);
  ASSERT_TRUE(eventually([&] { return seen_count() == 14; }));
  relay.stop();
  target.stop();

  std::vector<std::string> expected;
  for (int i = 1; i <= 14; ++i) expected.push_back(test::numbered("j", i, "/e"));
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(relay.stats().forwarded, 4u);  // nothing was forwarded twice
  EXPECT_EQ(target_ids("orders").size() + target_ids("pumps").size(), 14u);
}

TEST_F(OutboxRelayTest, RetriesWhileTheTargetFailsWithoutSkippingOrReordering) {
  store::Journal journal({dir_.file("journal.db")});
  journal_events(journal, 1, 5);
  FlakyBus target(3);
  OutboxRelay relay(relay_options(), target);
  relay.start();
  ASSERT_TRUE(eventually([&] { return target.received().size() == 5; }));
  relay.stop();
  EXPECT_EQ(target.received(), (std::vector<std::string>{"pumps:j1/e", "orders:j2/e", "pumps:j3/e",
                                                         "orders:j4/e", "pumps:j5/e"}));
  EXPECT_EQ(relay.stats().publish_failures, 3u);
}

TEST_F(OutboxRelayTest, OnlyTheConfiguredTopicsAreForwarded) {
  store::Journal journal({dir_.file("journal.db")});
  journal_events(journal, 1, 4);
  FlakyBus target(0);
  OutboxRelayOptions options = relay_options();
  options.topics = {"pumps"};
  OutboxRelay relay(options, target);
  relay.start();
  ASSERT_TRUE(eventually([&] { return target.received().size() == 2; }));
  relay.stop();
  EXPECT_EQ(target.received(), (std::vector<std::string>{"pumps:j1/e", "pumps:j3/e"}));
}

}  // namespace
}  // namespace titrate::bus
