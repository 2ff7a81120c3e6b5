#include "kafka_test_support.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <stdlib.h>

#include <set>
#include <stdexcept>
#include <thread>

#include "connectors/kafka/kafka_bus.h"

namespace titrate::kafka::test {
namespace {

std::unique_ptr<RdKafka::Conf> client_conf(const std::string& bootstrap) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  conf->set("bootstrap.servers", bootstrap, error);
  conf->set("log_level", "3", error);
  return conf;
}

}  // namespace

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "titrate-kafka-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::unique_ptr<store::ModuleState> open_state(const TempDir& dir) {
  return std::make_unique<store::ModuleState>(
      store::ModuleStateOptions{(dir.path() / "state.db").string(), /*durable=*/false});
}

KafkaOptions test_options(const std::string& bootstrap, store::ModuleState* state) {
  KafkaOptions options;
  options.bootstrap_servers = bootstrap;
  options.client_id = "titrate-test";
  options.module_state = state;
  options.retry_backoff = std::chrono::milliseconds(10);
  options.retry_backoff_max = std::chrono::milliseconds(100);
  options.connect_timeout = std::chrono::seconds(5);
  options.properties = {{"reconnect.backoff.ms", "20"},
                        {"reconnect.backoff.max.ms", "500"},
                        {"retry.backoff.ms", "20"}};
  options.consumer_properties = {{"auto.commit.interval.ms", "200"},
                                 {"fetch.wait.max.ms", "50"},
                                 {"session.timeout.ms", "6000"},
                                 {"heartbeat.interval.ms", "500"}};
  return options;
}

std::string numbered(std::string_view prefix, int n) {
  std::string text(prefix);
  text += std::to_string(n);
  return text;
}

bus::Event make_event(const std::string& event_id, const std::string& key) {
  bus::Event event;
  event.type = std::string(bus::event_type::kInfusionOrder);
  event.event_id = event_id;
  event.key = key;
  event.source.channel = "test";
  event.source.control_id = event_id;
  event.time.value = "2026-11-21T08:30:00.000Z";
  event.body = R"({"schema":1,"placer_order_number":")" + event_id + R"("})";
  return event;
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void Recorder::record(const bus::Event& event) {
  std::lock_guard lock(mutex_);
  events_.push_back(event);
}

size_t Recorder::total() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

std::map<std::string, int> Recorder::count_by_id() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, int> counts;
  for (const bus::Event& event : events_) ++counts[event.event_id];
  return counts;
}

std::map<std::string, std::vector<std::string>> Recorder::ids_by_key() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::vector<std::string>> ids;
  for (const bus::Event& event : events_) ids[event.key].push_back(event.event_id);
  return ids;
}

std::vector<Record> read_topic(const std::string& bootstrap, const std::string& topic,
                               std::chrono::milliseconds timeout) {
  auto conf = client_conf(bootstrap);
  std::string error;
  conf->set("group.id", "titrate-test-reader", error);
  conf->set("enable.auto.commit", "false", error);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) throw std::runtime_error("reader: " + error);
  const int timeout_ms = static_cast<int>(timeout.count());

  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(consumer.get(), topic, nullptr, error));
  RdKafka::Metadata* raw_metadata = nullptr;
  if (consumer->metadata(false, handle.get(), &raw_metadata, timeout_ms) != RdKafka::ERR_NO_ERROR) {
    throw std::runtime_error("reader: no metadata for " + topic);
  }
  std::unique_ptr<RdKafka::Metadata> metadata(raw_metadata);
  std::map<int32_t, int64_t> end;  // partition -> high watermark
  for (const RdKafka::TopicMetadata* t : *metadata->topics()) {
    for (const RdKafka::PartitionMetadata* p : *t->partitions()) {
      int64_t low = 0, high = 0;
      if (consumer->query_watermark_offsets(topic, p->id(), &low, &high, timeout_ms) !=
          RdKafka::ERR_NO_ERROR) {
        throw std::runtime_error("reader: no watermarks for " + topic);
      }
      if (high > low) end[p->id()] = high;
    }
  }
  std::vector<RdKafka::TopicPartition*> assignment;
  for (const auto& [partition, high] : end) {
    assignment.push_back(
        RdKafka::TopicPartition::create(topic, partition, RdKafka::Topic::OFFSET_BEGINNING));
  }
  consumer->assign(assignment);
  RdKafka::TopicPartition::destroy(assignment);

  std::vector<Record> records;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!end.empty() && std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> message(consumer->consume(100));
    if (message->err() != RdKafka::ERR_NO_ERROR) continue;
    Record record;
    if (message->key()) record.key = *message->key();
    record.value.assign(static_cast<const char*>(message->payload()), message->len());
    record.partition = message->partition();
    record.offset = message->offset();
    if (RdKafka::Headers* headers = message->headers()) {
      for (const RdKafka::Headers::Header& header : headers->get_all()) {
        record.headers[header.key()] =
            std::string(static_cast<const char*>(header.value()), header.value_size());
      }
    }
    records.push_back(std::move(record));
    auto it = end.find(message->partition());
    if (it != end.end() && message->offset() + 1 >= it->second) end.erase(it);
  }
  consumer->close();
  if (!end.empty()) throw std::runtime_error("reader: timed out reading " + topic);
  return records;
}

void create_topics(const std::string& bootstrap, const std::vector<std::string>& topics,
                   int partitions) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), error, sizeof error);
  rd_kafka_t* admin = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (!admin) throw std::runtime_error(std::string("admin client: ") + error);
  std::vector<rd_kafka_NewTopic_t*> requests;
  for (const std::string& topic : topics) {
    requests.push_back(rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, error, sizeof error));
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin);
  rd_kafka_CreateTopics(admin, requests.data(), requests.size(), nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
  std::string failure = !event ? "timed out" : "";
  if (event && rd_kafka_event_error(event)) failure = rd_kafka_event_error_string(event);
  if (event && failure.empty()) {
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
    for (size_t i = 0; i < count; ++i) {
      rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
      if (err && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        failure =
            rd_kafka_topic_result_name(results[i]) + std::string(": ") + rd_kafka_err2str(err);
      }
    }
  }
  if (event) rd_kafka_event_destroy(event);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());
  rd_kafka_destroy(admin);
  if (!failure.empty()) throw std::runtime_error("create topics: " + failure);
}

void produce_raw(const std::string& bootstrap, const std::string& topic, const std::string& key,
                 const std::string& value) {
  auto conf = client_conf(bootstrap);
  std::string error;
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
  if (!producer) throw std::runtime_error("raw producer: " + error);
  RdKafka::ErrorCode code = producer->produce(
      topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
      const_cast<char*>(value.data()), value.size(), key.data(), key.size(), 0, nullptr);
  if (code != RdKafka::ERR_NO_ERROR || producer->flush(10000) != RdKafka::ERR_NO_ERROR) {
    throw std::runtime_error("raw produce to " + topic + " failed");
  }
}

void run_pipeline(const std::string& bootstrap, const PipelineTopics& topics, int count, int keys,
                  const std::string& group_suffix) {
  TempDir dir;
  auto state = open_state(dir);
  KafkaOptions options = test_options(bootstrap, state.get());
  options.dead_letter_topic = topics.dead_letter;
  KafkaBus bus(options);
  Recorder stage2;
  bus.subscribe({"titrate-dosing" + group_suffix,
                 {topics.orders},
                 [&](const bus::Event& event, bus::HandlerContext& context) {
                   bus::Event plan = event;
                   plan.type = std::string(bus::event_type::kDosingPlan);
                   plan.event_id = event.event_id + "/plan";
                   context.publish(topics.plans, std::move(plan));
                 }});
  bus.subscribe({"titrate-pump-control" + group_suffix,
                 {topics.plans},
                 [&](const bus::Event& event, bus::HandlerContext&) { stage2.record(event); }});
  bus.start();

  std::map<std::string, std::vector<std::string>> expected;  // key -> plan ids in publish order
  for (int i = 0; i < count; ++i) {
    std::string key = numbered("urn:oid:1.2.3|patient-", i % keys);
    std::string id = numbered("j", i) + "/order/0";
    bus.publish(topics.orders, make_event(id, key));
    expected[key].push_back(id + "/plan");
  }
  ASSERT_TRUE(wait_until([&] { return stage2.total() >= static_cast<size_t>(count); }))
      << "stage 2 saw " << stage2.total() << " of " << count;
  bus.stop();

  auto counts = stage2.count_by_id();
  EXPECT_EQ(counts.size(), static_cast<size_t>(count));
  for (const auto& [id, seen] : counts) EXPECT_EQ(seen, 1) << id;
  EXPECT_EQ(stage2.ids_by_key(), expected);
  bus::BusStats stats = bus.stats();
  EXPECT_EQ(stats.published, 2u * count);
  EXPECT_EQ(stats.consumed, 2u * count);
  EXPECT_EQ(stats.handler_failures, 0u);
  EXPECT_EQ(stats.dead_lettered, 0u);
}

}  // namespace titrate::kafka::test
