// The transactional outbox: a journal entry and its bus events are committed together.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "../bus/bus_test_support.h"
#include "gateway/bus/embedded_bus.h"
#include "gateway/store/bus_log_reader.h"
#include "gateway/store/journal.h"

namespace titrate::store {
namespace {

JournalEntry entry_with_events(const std::string& control_id) {
  JournalEntry e;
  e.channel = "ehr-mllp";
  e.sender = "EPIC|GENHOSP";
  e.control_id = control_id;
  e.message_type = "ORM^O01";
  e.raw = "MSH|...";
  e.ack = "ACK";
  PendingEvent patient{"titrate.orders.v1", test::make_event("patient", R"({"schema":1})")};
  PendingEvent order{"titrate.orders.v1", test::make_event("order/0", R"({"schema":1,"n":1.50})")};
  patient.event.source.channel = order.event.source.channel = "ehr-mllp";
  e.events = {patient, order};
  return e;
}

class JournalEventsTest : public ::testing::Test {
 protected:
  std::vector<BusLogRow> log() const {
    BusLogReader reader({dir_.file("journal.db")});
    return reader.events("titrate.orders.v1", 0, 1000);
  }
  test::TempDir dir_;
};

TEST_F(JournalEventsTest, AppendWritesTheEventsWithIdsFromTheEntry) {
  Journal journal({dir_.file("journal.db")});
  std::atomic<int> commits_with_events{0};
  journal.set_commit_listener([&] { ++commits_with_events; });
  const AppendResult result = journal.append(entry_with_events("MSG1"));
  ASSERT_FALSE(result.duplicate);

  const std::vector<BusLogRow> rows = log();  // on return: already committed
  ASSERT_EQ(rows.size(), 2u);
  const std::string prefix = test::numbered("j", result.id, "/");
  EXPECT_EQ(rows[0].event_id, prefix + "patient");
  EXPECT_EQ(rows[1].event_id, prefix + "order/0");
  const auto order = bus::decode_event(rows[1].payload, nullptr);
  ASSERT_TRUE(order);
  EXPECT_EQ(order->event_id, prefix + "order/0");
  EXPECT_EQ(order->source.journal_id, result.id);
  EXPECT_EQ(order->source.channel, "ehr-mllp");
  EXPECT_EQ(order->body, R"({"schema":1,"n":1.50})");
  EXPECT_EQ(commits_with_events.load(), 1);

  JournalEntry no_events = entry_with_events("MSG2");
  no_events.events.clear();
  journal.append(no_events);
  EXPECT_EQ(commits_with_events.load(), 1);
}

TEST_F(JournalEventsTest, ADuplicateAddsNoEvents) {
  Journal journal({dir_.file("journal.db")});
  journal.append(entry_with_events("MSG1"));
  EXPECT_TRUE(journal.append(entry_with_events("MSG1")).duplicate);
  EXPECT_EQ(log().size(), 2u);
}

TEST_F(JournalEventsTest, AReplayWritesTheSameEventIdsAsTheFirstRun) {
  Journal journal({dir_.file("journal.db")});
  const AppendResult first = journal.append(entry_with_events("MSG1"));
  journal.record_replay(first.id, JournalState::kAccepted, "", entry_with_events("MSG1").events);
  const std::vector<BusLogRow> rows = log();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[2].event_id, rows[0].event_id);
  EXPECT_EQ(rows[3].event_id, rows[1].event_id);
  EXPECT_THROW(
      journal.record_replay(999, JournalState::kAccepted, "", entry_with_events("X").events),
      JournalError);
  EXPECT_EQ(log().size(), 4u);
}

TEST_F(JournalEventsTest, TheEmbeddedBusDeliversJournaledEventsOnceEvenAfterAReplay) {
  Journal journal({dir_.file("journal.db")});
  bus::EmbeddedBusOptions options;
  options.path = dir_.file("journal.db");
  bus::EmbeddedBus bus(options);
  journal.set_commit_listener([&] { bus.wake(); });
  std::atomic<int> handled{0};
  bus.subscribe({"dosing", {"titrate.orders.v1"}, [&](const bus::Event&, bus::HandlerContext&) {
                   ++handled;
                 }});
  bus.start();
  const AppendResult first = journal.append(entry_with_events("MSG1"));
  ASSERT_TRUE(test::eventually([&] { return handled == 2; }));
  journal.record_replay(first.id, JournalState::kAccepted, "", entry_with_events("MSG1").events);
  ASSERT_TRUE(test::eventually([&] { return bus.stats().duplicates_skipped == 2; }));
  bus.stop();
  EXPECT_EQ(handled.load(), 2);
}

}  // namespace
}  // namespace titrate::store
