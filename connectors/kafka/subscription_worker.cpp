#include "connectors/kafka/subscription_worker.h"

#include <librdkafka/rdkafka.h>

#include <utility>
#include <vector>

#include "connectors/kafka/event_record.h"
#include "connectors/kafka/kafka_conf.h"
#include "gateway/bus/backoff.h"
#include "gateway/bus/buffered_context.h"
#include "gateway/log/log.h"
#include "gateway/store/exception_text.h"

namespace titrate::kafka {
namespace {

const char* error_name(RdKafka::ErrorCode code) {
  return rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(code));
}

}  // namespace

SubscriptionWorker::SubscriptionWorker(const KafkaOptions& options, bus::Subscription subscription,
                                       KafkaProducer& producer, BrokerHealth& health,
                                       BusCounters& counters)
    : options_(options),
      subscription_(std::move(subscription)),
      producer_(producer),
      health_(health),
      counters_(counters),
      state_(*options.module_state) {}

SubscriptionWorker::~SubscriptionWorker() {
  request_stop();
  join();
}

void SubscriptionWorker::start() {
  auto conf = make_consumer_conf(options_, subscription_.group, &health_);
  std::string error;
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer_) {
    throw bus::BusError("cannot create the Kafka consumer of group " + subscription_.group + ": " +
                        error);
  }
  RdKafka::ErrorCode code = consumer_->subscribe(subscription_.topics);
  if (code != RdKafka::ERR_NO_ERROR) {
    throw bus::BusError("cannot subscribe group " + subscription_.group + ": " + error_name(code) +
                        ": " + RdKafka::err2str(code));
  }
  thread_ = std::thread([this] { run(); });
}

void SubscriptionWorker::request_stop() {
  std::lock_guard lock(stop_mutex_);
  stopping_ = true;
  stop_signal_.notify_all();
}

void SubscriptionWorker::join() {
  if (thread_.joinable()) thread_.join();
}

size_t SubscriptionWorker::assigned_partitions() const {
  if (!consumer_) return 0;
  std::vector<RdKafka::TopicPartition*> partitions;
  if (consumer_->assignment(partitions) != RdKafka::ERR_NO_ERROR) return 0;
  size_t count = partitions.size();
  RdKafka::TopicPartition::destroy(partitions);
  return count;
}

void SubscriptionWorker::run() {
  while (!stopping_.load(std::memory_order_relaxed)) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(100));
    switch (message->err()) {
      case RdKafka::ERR_NO_ERROR:
        health_.mark_reachable();
        last_logged_error_ = RdKafka::ERR_NO_ERROR;
        handle_record(*message);
        break;
      case RdKafka::ERR__TIMED_OUT:
      case RdKafka::ERR__PARTITION_EOF:
        break;
      default:
        log_consume_error(*message);
        break;
    }
  }
  RdKafka::ErrorCode code = consumer_->commitSync();
  if (code != RdKafka::ERR_NO_ERROR && code != RdKafka::ERR__NO_OFFSET) {
    TITRATE_LOG_WARN("kafka: group %s: final offset commit failed: %s", subscription_.group.c_str(),
                     error_name(code));
  }
  consumer_->close();
}

void SubscriptionWorker::log_consume_error(const RdKafka::Message& message) {
  if (message.err() == last_logged_error_) return;  // once per run of the same error
  last_logged_error_ = message.err();
  TITRATE_LOG_WARN("kafka: group %s: %s: %s", subscription_.group.c_str(),
                   error_name(message.err()), message.errstr().c_str());
}

void SubscriptionWorker::handle_record(const RdKafka::Message& message) {
  std::string_view value(static_cast<const char*>(message.payload()), message.len());
  model::ModelJsonError decode_error;
  std::optional<bus::Event> event = bus::decode_event(value, &decode_error);
  if (!event) {
    if (dead_letter(message, "not an event envelope: " + decode_error.to_string(), "", 0)) {
      store_offset(message);
    }
    return;
  }
  std::optional<bool> handled = handled_before(event->event_id);
  if (!handled) return;
  if (*handled) {
    ++counters_.duplicates_skipped;
    store_offset(message);
    return;
  }
  for (int attempt = 1;; ++attempt) {
    std::exception_ptr failure;
    bool permanent = false;
    try {
      handle_event(*event);
      ++counters_.consumed;
      store_offset(message);
      return;
    } catch (const bus::PermanentError&) {
      failure = std::current_exception();
      permanent = true;
    } catch (...) {
      failure = std::current_exception();
    }
    ++counters_.handler_failures;
    std::string error = store::exception_text(failure);
    if (permanent || attempt >= options_.max_attempts) {
      if (dead_letter(message, error, event->event_id, attempt)) store_offset(message);
      return;
    }
    TITRATE_LOG_WARN("kafka: group %s: event %s failed (attempt %d of %d): %s",
                     subscription_.group.c_str(), event->event_id.c_str(), attempt,
                     options_.max_attempts, error.c_str());
    // Stopping in the middle leaves the offset where it is: the event comes again later.
    if (!back_off(attempt)) return;
  }
}

std::optional<bool> SubscriptionWorker::handled_before(const std::string& event_id) {
  for (int attempt = 1;; ++attempt) {
    try {
      return state_.handled(subscription_.group, event_id);
    } catch (const std::exception& e) {
      // The store, not the event, is at fault: wait for it rather than dead-letter the event.
      TITRATE_LOG_ERROR("kafka: group %s: cannot read the handled event ids: %s",
                        subscription_.group.c_str(), e.what());
      if (!back_off(attempt)) return std::nullopt;
    }
  }
}

void SubscriptionWorker::handle_event(const bus::Event& event) {
  bus::BufferedContext context(
      [this](std::string_view space, std::string_view key) { return state_.get(space, key); });
  subscription_.handler(event, context);
  const bus::BufferedContext::Effects& effects = context.effects();
  std::vector<OutgoingRecord> records;
  records.reserve(effects.publications.size());
  for (const auto& [topic, published] : effects.publications) {
    records.push_back(event_record(topic, published));
  }
  producer_.send(records);
  counters_.published += records.size();
  state_.commit(subscription_.group, event.event_id, effects.writes);
}

bool SubscriptionWorker::dead_letter(const RdKafka::Message& message, const std::string& error,
                                     const std::string& event_id, int attempts) {
  OutgoingRecord record;
  record.topic = options_.dead_letter_topic;
  if (message.key_pointer()) {
    record.key.assign(static_cast<const char*>(message.key_pointer()), message.key_len());
  }
  record.value.assign(static_cast<const char*>(message.payload()), message.len());
  record.headers = {{std::string(kErrorHeader), error},
                    {std::string(kGroupHeader), subscription_.group},
                    {std::string(kSourceTopicHeader), message.topic_name()},
                    {std::string(kSourcePartitionHeader), std::to_string(message.partition())},
                    {std::string(kSourceOffsetHeader), std::to_string(message.offset())}};
  if (!event_id.empty()) {
    record.headers.emplace_back(std::string(kEventIdHeader), event_id);
    record.headers.emplace_back(std::string(kAttemptsHeader), std::to_string(attempts));
  }
  for (int attempt = 1;; ++attempt) {
    try {
      producer_.send({record});
      break;
    } catch (const bus::BusError& e) {
      TITRATE_LOG_ERROR("kafka: group %s: cannot dead-letter %s[%d]@%lld: %s",
                        subscription_.group.c_str(), message.topic_name().c_str(),
                        static_cast<int>(message.partition()),
                        static_cast<long long>(message.offset()), e.what());
      if (!back_off(attempt)) return false;
    }
  }
  ++counters_.dead_lettered;
  // The event id (or the record's position when it has none), never the payload.
  if (event_id.empty()) {
    TITRATE_LOG_ERROR("kafka: group %s: dead-lettered the record at %s[%d]@%lld: %s",
                      subscription_.group.c_str(), message.topic_name().c_str(),
                      static_cast<int>(message.partition()),
                      static_cast<long long>(message.offset()), error.c_str());
  } else {
    TITRATE_LOG_ERROR("kafka: group %s: dead-lettered event %s after %d attempts: %s",
                      subscription_.group.c_str(), event_id.c_str(), attempts, error.c_str());
  }
  return true;
}

void SubscriptionWorker::store_offset(const RdKafka::Message& message) {
  std::unique_ptr<RdKafka::TopicPartition> position(RdKafka::TopicPartition::create(
      message.topic_name(), message.partition(), message.offset() + 1));
  std::vector<RdKafka::TopicPartition*> positions{position.get()};
  RdKafka::ErrorCode code = consumer_->offsets_store(positions);
  if (code == RdKafka::ERR_NO_ERROR) code = position->err();
  if (code != RdKafka::ERR_NO_ERROR) {
    // The partition moved to another member meanwhile; it skips the record as handled.
    TITRATE_LOG_DEBUG("kafka: group %s: offset of %s[%d] not stored: %s",
                      subscription_.group.c_str(), message.topic_name().c_str(),
                      static_cast<int>(message.partition()), error_name(code));
  }
}

bool SubscriptionWorker::back_off(int attempt) {
  const auto delay =
      bus::backoff_delay(options_.retry_backoff, options_.retry_backoff_max, attempt);
  std::unique_lock lock(stop_mutex_);
  return !stop_signal_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

}  // namespace titrate::kafka
