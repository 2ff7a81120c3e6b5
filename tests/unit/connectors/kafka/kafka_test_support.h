#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/kafka/kafka_options.h"
#include "tests/support/kafka_mock_cluster.h"
#include "gateway/bus/event.h"
#include "gateway/store/module_state.h"

namespace titrate::kafka::test {

using MockCluster = titrate::test::KafkaMockCluster;

// A directory removed with everything in it; holds the ModuleState's SQLite file.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  std::filesystem::path path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::unique_ptr<store::ModuleState> open_state(const TempDir& dir);

// Options for a test bus: short backoffs and reconnects, quiet librdkafka.
KafkaOptions test_options(const std::string& bootstrap, store::ModuleState* state);

// "e7" from ("e", 7). (Also sidesteps GCC 12's false -Wrestrict on "e" + std::to_string(7).)
std::string numbered(std::string_view prefix, int n);

bus::Event make_event(const std::string& event_id, const std::string& key);

// Polls `condition` every 10 ms until it holds or `timeout` passes.
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(15));

// What a handler saw, safe to share between consumer threads.
class Recorder {
 public:
  void record(const bus::Event& event);
  size_t total() const;
  std::map<std::string, int> count_by_id() const;
  std::map<std::string, std::vector<std::string>> ids_by_key() const;

 private:
  mutable std::mutex mutex_;
  std::vector<bus::Event> events_;
};

struct Record {
  std::string key, value;
  int32_t partition = 0;
  int64_t offset = 0;
  std::map<std::string, std::string> headers;
};

// Every record of `topic` up to its high watermarks, read with a group-less consumer.
std::vector<Record> read_topic(const std::string& bootstrap, const std::string& topic,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Creates topics on a real cluster (replication factor 1; an existing topic is fine).
void create_topics(const std::string& bootstrap, const std::vector<std::string>& topics,
                   int partitions);

// Writes raw bytes to a topic (records that are not event envelopes).
void produce_raw(const std::string& bootstrap, const std::string& topic, const std::string& key,
                 const std::string& value);

// Test 1's pipeline: stage 1 on `orders` publishes "<id>/plan" to `plans`, stage 2 on `plans`
// records. Publishes `count` orders over `keys` keys and checks what stage 2 saw.
struct PipelineTopics {
  std::string orders, plans, dead_letter;
};
void run_pipeline(const std::string& bootstrap, const PipelineTopics& topics, int count, int keys,
                  const std::string& group_suffix = "");

}  // namespace titrate::kafka::test
