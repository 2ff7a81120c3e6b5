#include "bench/kafka_topic_watcher.h"

#include <stdexcept>
#include <string_view>

namespace titrate::bench {
namespace {

void set(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
  std::string error;
  if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error("watcher: " + name + ": " + error);
  }
}

}  // namespace

KafkaTopicWatcher::KafkaTopicWatcher(const std::string& bootstrap, const std::vector<Topic>& topics,
                                     std::function<void(const bus::Event&)> on_event)
    : on_event_(std::move(on_event)) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  set(*conf, "bootstrap.servers", bootstrap);
  set(*conf, "group.id", "titrate-bench-watcher");  // required by the API; assign() joins no group
  set(*conf, "enable.auto.commit", "false");
  set(*conf, "fetch.wait.max.ms", "10");  // see the last output promptly
  set(*conf, "log_level", "3");
  std::string error;
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer_) throw std::runtime_error("watcher: " + error);
  std::vector<RdKafka::TopicPartition*> assignment;
  for (const Topic& topic : topics) {
    for (int p = 0; p < topic.partitions; ++p) {
      assignment.push_back(
          RdKafka::TopicPartition::create(topic.name, p, RdKafka::Topic::OFFSET_BEGINNING));
    }
  }
  const RdKafka::ErrorCode code = consumer_->assign(assignment);
  RdKafka::TopicPartition::destroy(assignment);
  if (code != RdKafka::ERR_NO_ERROR) {
    throw std::runtime_error("watcher: assign: " + RdKafka::err2str(code));
  }
  thread_ = std::thread([this] { run(); });
}

KafkaTopicWatcher::~KafkaTopicWatcher() {
  stopping_ = true;
  thread_.join();
  consumer_->close();
}

void KafkaTopicWatcher::run() {
  while (!stopping_.load(std::memory_order_relaxed)) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(50));
    if (message->err() != RdKafka::ERR_NO_ERROR) continue;
    std::string_view value(static_cast<const char*>(message->payload()), message->len());
    if (std::optional<bus::Event> event = bus::decode_event(value, nullptr)) on_event_(*event);
  }
}

}  // namespace titrate::bench
