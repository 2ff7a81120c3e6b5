#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "connectors/kafka/broker_health.h"
#include "connectors/kafka/bus_counters.h"
#include "connectors/kafka/kafka_options.h"
#include "connectors/kafka/kafka_producer.h"
#include "gateway/bus/bus.h"
#include "gateway/store/module_state.h"

namespace titrate::kafka {

// One subscription: a KafkaConsumer in the subscription's group and the thread that polls it.
// Each record is handled to the end before the next one: decoded, skipped when the group has
// handled its event_id, handled with a BufferedContext, its publications delivered, its state
// writes and event_id committed to the module state, and only then its offset stored (the
// consumer auto-commits stored offsets, and commits them synchronously on stop). A record's
// offset is left unstored only when a stop interrupts it, never to move on to the next record:
// a later stored offset would commit past it.
class SubscriptionWorker {
 public:
  SubscriptionWorker(const KafkaOptions& options, bus::Subscription subscription,
                     KafkaProducer& producer, BrokerHealth& health, BusCounters& counters);
  ~SubscriptionWorker();  // stops
  SubscriptionWorker(const SubscriptionWorker&) = delete;
  SubscriptionWorker& operator=(const SubscriptionWorker&) = delete;

  void start();  // throws bus::BusError when the consumer cannot be created or subscribed
  void request_stop();
  // Waits for the record in hand to finish, commits stored offsets and leaves the group.
  void join();
  size_t assigned_partitions() const;

 private:
  void run();
  void handle_record(const RdKafka::Message& message);
  // Whether the group has handled `event_id`, retried while the store fails; nullopt when
  // stopped first.
  std::optional<bool> handled_before(const std::string& event_id);
  // One attempt: the handler, its publications, the commit. Throws on any failure.
  void handle_event(const bus::Event& event);
  // The record as received, with why and where from in its headers; retried until delivered.
  // False when a stop came first. `event_id` is empty for a record that is not an event.
  bool dead_letter(const RdKafka::Message& message, const std::string& error,
                   const std::string& event_id, int attempts);
  void store_offset(const RdKafka::Message& message);
  // Sleeps the backoff of `attempt`; false when a stop was requested meanwhile.
  bool back_off(int attempt);
  void log_consume_error(const RdKafka::Message& message);

  const KafkaOptions& options_;
  const bus::Subscription subscription_;
  KafkaProducer& producer_;
  BrokerHealth& health_;
  BusCounters& counters_;
  store::ModuleState& state_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  RdKafka::ErrorCode last_logged_error_ = RdKafka::ERR_NO_ERROR;
};

}  // namespace titrate::kafka
