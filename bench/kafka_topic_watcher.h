// Reads topics from their beginning with a plain consumer (no group membership, no commits,
// no module state) and hands every event to a callback: the Kafka run's observer, so that
// counting the pipeline's outputs adds no state commits of its own.
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gateway/bus/event.h"

namespace titrate::bench {

class KafkaTopicWatcher {
 public:
  struct Topic {
    std::string name;
    int partitions = 1;
  };
  // Starts reading at once; throws std::runtime_error when the consumer cannot be made.
  KafkaTopicWatcher(const std::string& bootstrap, const std::vector<Topic>& topics,
                    std::function<void(const bus::Event&)> on_event);
  ~KafkaTopicWatcher();
  KafkaTopicWatcher(const KafkaTopicWatcher&) = delete;
  KafkaTopicWatcher& operator=(const KafkaTopicWatcher&) = delete;

 private:
  void run();

  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::function<void(const bus::Event&)> on_event_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace titrate::bench
