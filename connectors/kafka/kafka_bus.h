#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "connectors/kafka/broker_health.h"
#include "connectors/kafka/bus_counters.h"
#include "connectors/kafka/kafka_options.h"
#include "connectors/kafka/kafka_producer.h"
#include "connectors/kafka/subscription_worker.h"
#include "gateway/bus/bus.h"

namespace titrate::kafka {

// The bus on Kafka (librdkafka): one idempotent producer (acks=all) for publish() and for the
// handlers' publications, and one KafkaConsumer per subscription whose group is the
// subscription's. Handler effects and handled event ids live in the ModuleState; a record's
// offset is stored only after its effects are durable, so delivery is at-least-once and
// idempotent on event_id. Topics are created by the operator (or the tests), not by the bus.
class KafkaBus final : public bus::Bus {
 public:
  // Creates the producer; throws bus::BusError on a configuration librdkafka refuses.
  explicit KafkaBus(KafkaOptions options);
  ~KafkaBus() override;  // stops

  void publish(std::string_view topic, const bus::Event& event) override;
  // Throws std::logic_error without options.module_state or after start().
  void subscribe(bus::Subscription subscription) override;
  // Checks that a broker answers within options.connect_timeout (BusError "cannot reach Kafka
  // at <bootstrap>: <reason>" otherwise), then starts one consumer thread per subscription.
  void start() override;
  void stop() override;
  bus::BusStats stats() const override;

  // Partitions assigned to this bus's consumers now (not while start() or stop() runs).
  size_t assigned_partitions() const;

 private:
  const KafkaOptions options_;
  BusCounters counters_;
  BrokerHealth health_;
  KafkaProducer producer_;
  std::vector<bus::Subscription> subscriptions_;
  std::vector<std::unique_ptr<SubscriptionWorker>> workers_;
};

}  // namespace titrate::kafka
