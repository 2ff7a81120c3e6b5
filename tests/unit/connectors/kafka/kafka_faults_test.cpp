#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

#include "connectors/kafka/event_record.h"
#include "connectors/kafka/kafka_bus.h"
#include "kafka_test_support.h"

namespace titrate::kafka::test {
namespace {

using namespace std::chrono_literals;

// The Kafka protocol's ApiKey of Produce (RD_KAFKAP_Produce is in a private librdkafka header).
constexpr int16_t kProduceApiKey = 0;

void lead_all_partitions(MockCluster& cluster, const std::string& topic, int partitions,
                         int32_t broker) {
  for (int p = 0; p < partitions; ++p) {
    ASSERT_EQ(rd_kafka_mock_partition_set_leader(cluster.get(), topic.c_str(), p, broker),
              RD_KAFKA_RESP_ERR_NO_ERROR);
  }
}

// A loopback port that was free a moment ago: nothing listens there.
uint16_t unused_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  return ntohs(address.sin_port);
}

std::set<std::string> event_ids(const std::vector<Record>& records) {
  std::set<std::string> ids;
  for (const Record& record : records) ids.insert(record.headers.at("titrate-event-id"));
  return ids;
}

TEST(KafkaFaults, LeaderDownThenUpLosesNothingAndDuplicatesNothing) {
  MockCluster cluster;
  cluster.create_topic("orders", 3);
  cluster.create_topic("plans", 3);
  cluster.create_topic("dead-letter", 1);
  // Every partition led by broker 1; the groups' coordinator stays on broker 2.
  lead_all_partitions(cluster, "orders", 3, 1);
  lead_all_partitions(cluster, "plans", 3, 1);
  for (const char* group : {"stage-1", "stage-2"}) {
    rd_kafka_mock_coordinator_set(cluster.get(), "group", group, 2);
  }

  TempDir dir;
  auto state = open_state(dir);
  KafkaOptions options = test_options(cluster.bootstraps(), state.get());
  options.dead_letter_topic = "dead-letter";
  KafkaBus bus(options);
  Recorder stage2;
  bus.subscribe({"stage-1", {"orders"}, [](const bus::Event& event, bus::HandlerContext& context) {
                   bus::Event plan = event;
                   plan.event_id += "/plan";
                   context.publish("plans", std::move(plan));
                 }});
  bus.subscribe({"stage-2", {"plans"}, [&](const bus::Event& event, bus::HandlerContext&) {
                   stage2.record(event);
                 }});
  bus.start();

  constexpr int kCount = 60;
  auto publish = [&](int i) {
    bus.publish("orders", make_event(numbered("e", i), numbered("k", i % 6)));
  };
  for (int i = 0; i < kCount / 3; ++i) publish(i);
  // Nothing in flight when the broker goes down: the 2.0.2 mock does not drop an idempotent
  // producer's retry of a batch it appended before the connection broke, a real broker does.
  ASSERT_TRUE(wait_until([&] { return stage2.total() == kCount / 3; }));

  ASSERT_EQ(rd_kafka_mock_broker_set_down(cluster.get(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::atomic<int> published{kCount / 3};
  std::thread publisher([&] {
    for (int i = kCount / 3; i < kCount; ++i) {
      publish(i);
      ++published;
    }
  });
  // Fault duration, not synchronisation: publishes and fetches fail and retry meanwhile.
  std::this_thread::sleep_for(1500ms);
  int published_while_down = published;
  ASSERT_EQ(rd_kafka_mock_broker_set_up(cluster.get(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  publisher.join();
  EXPECT_EQ(published_while_down, kCount / 3) << "a publish returned while its leader was down";

  ASSERT_TRUE(wait_until([&] { return stage2.total() >= kCount; }))
      << "stage 2 saw " << stage2.total() << " of " << kCount;
  bus.stop();

  auto counts = stage2.count_by_id();
  EXPECT_EQ(counts.size(), static_cast<size_t>(kCount));
  for (const auto& [id, seen] : counts) EXPECT_EQ(seen, 1) << id;
  std::vector<Record> orders = read_topic(cluster.bootstraps(), "orders");
  std::vector<Record> plans = read_topic(cluster.bootstraps(), "plans");
  EXPECT_EQ(orders.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(plans.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(event_ids(plans).size(), static_cast<size_t>(kCount));
}

TEST(KafkaFaults, RetriableProduceErrorsDeliverOnceAndPermanentOnesThrow) {
  MockCluster cluster;
  cluster.create_topic("orders", 1);
  lead_all_partitions(cluster, "orders", 1, 1);
  KafkaBus bus(test_options(cluster.bootstraps(), nullptr));
  bus.start();

  rd_kafka_mock_push_request_errors(
      cluster.get(), kProduceApiKey, 4, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
      RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE);
  bus.publish("orders", make_event("retried", "k"));
  EXPECT_EQ(read_topic(cluster.bootstraps(), "orders").size(), 1u);

  rd_kafka_mock_push_request_errors(cluster.get(), kProduceApiKey, 1,
                                    RD_KAFKA_RESP_ERR_INVALID_RECORD);
  try {
    bus.publish("orders", make_event("refused", "k"));
    FAIL() << "a refused record must throw";
  } catch (const bus::BusError& e) {
    EXPECT_NE(std::string(e.what()).find("INVALID_RECORD"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("orders"), std::string::npos) << e.what();
  }
  // The producer stays usable, and the refused record is not in the log.
  bus.publish("orders", make_event("after", "k"));
  std::vector<Record> records = read_topic(cluster.bootstraps(), "orders");
  EXPECT_EQ(event_ids(records), (std::set<std::string>{"retried", "after"}));
  EXPECT_EQ(records.size(), 2u);
  EXPECT_EQ(bus.stats().published, 2u);
}

TEST(KafkaFaults, AHandlerPublicationThatFailsIsRetriedWithItsEvent) {
  MockCluster cluster;
  cluster.create_topic("orders", 1);
  cluster.create_topic("plans", 1);
  lead_all_partitions(cluster, "orders", 1, 1);
  lead_all_partitions(cluster, "plans", 1, 2);
  TempDir dir;
  auto state = open_state(dir);
  KafkaBus bus(test_options(cluster.bootstraps(), state.get()));
  bus.subscribe({"stage-1", {"orders"}, [](const bus::Event& event, bus::HandlerContext& context) {
                   bus::Event plan = event;
                   plan.event_id += "/plan";
                   context.publish("plans", std::move(plan));
                 }});
  bus.start();
  bus.publish("orders", make_event("warm-up", "k"));
  ASSERT_TRUE(wait_until([&] { return bus.stats().consumed == 1; }));

  // The next Produce to the plans leader is refused for good: the handler's attempt fails.
  ASSERT_EQ(rd_kafka_mock_broker_push_request_error_rtts(cluster.get(), 2, kProduceApiKey, 1,
                                                         RD_KAFKA_RESP_ERR_INVALID_RECORD, 0),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  bus.publish("orders", make_event("e1", "k"));
  ASSERT_TRUE(wait_until([&] { return bus.stats().consumed == 2; }));
  bus.stop();

  EXPECT_EQ(bus.stats().handler_failures, 1u);
  EXPECT_EQ(bus.stats().dead_lettered, 0u);
  EXPECT_TRUE(state->handled("stage-1", "e1"));
  std::vector<Record> plans = read_topic(cluster.bootstraps(), "plans");
  EXPECT_EQ(event_ids(plans), (std::set<std::string>{"warm-up/plan", "e1/plan"}));
  EXPECT_EQ(plans.size(), 2u);
}

TEST(KafkaFaults, AFullProducerQueueIsWaitedOutNotFailed) {
  MockCluster cluster;
  cluster.create_topic("plans", 2);
  KafkaOptions options = test_options(cluster.bootstraps(), nullptr);
  options.producer_properties["queue.buffering.max.messages"] = "1";
  BrokerHealth health(options.bootstrap_servers);
  KafkaProducer producer(options, health);
  std::vector<OutgoingRecord> records;
  for (int i = 0; i < 10; ++i) {
    records.push_back(event_record("plans", make_event(numbered("p", i), numbered("k", i))));
  }
  producer.send(records);  // the second record already finds the queue full
  EXPECT_EQ(event_ids(read_topic(cluster.bootstraps(), "plans")).size(), 10u);
}

TEST(KafkaFaults, StartAgainstNothingListeningNamesTheAddress) {
  std::string bootstrap = numbered("127.0.0.1:", unused_port());
  KafkaOptions options = test_options(bootstrap, nullptr);
  options.connect_timeout = 1500ms;
  ::testing::internal::CaptureStderr();
  KafkaBus bus(options);
  auto started = std::chrono::steady_clock::now();
  try {
    bus.start();
    ADD_FAILURE() << "start() must throw";
  } catch (const bus::BusError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot reach Kafka at " + bootstrap + ": "),
              std::string::npos)
        << e.what();
  }
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  // librdkafka retried the connection several times; the outage is logged once.
  size_t first = log.find("brokers unreachable (bootstrap " + bootstrap + ")");
  EXPECT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find("brokers unreachable", first + 1), std::string::npos) << log;
}

}  // namespace
}  // namespace titrate::kafka::test
