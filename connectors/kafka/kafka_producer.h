#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "connectors/kafka/broker_health.h"
#include "connectors/kafka/kafka_options.h"

namespace titrate::kafka {

struct OutgoingRecord {
  std::string topic;
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;
};

// The bus's one idempotent producer (acks=all), shared by publish() and every consumer. A
// thread serves its delivery reports; send() blocks until each record is acknowledged.
class KafkaProducer : public RdKafka::DeliveryReportCb {
 public:
  KafkaProducer(const KafkaOptions& options, BrokerHealth& health);  // throws bus::BusError
  ~KafkaProducer() override;
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  // Durable on return: every record acknowledged by all in-sync replicas. Throws bus::BusError
  // naming the topic and librdkafka's error when a record could not be delivered (after
  // librdkafka's own retries); the records before it may have been delivered.
  void send(const std::vector<OutgoingRecord>& records);

  // Throws bus::BusError("cannot reach Kafka at <bootstrap>: <reason>") when no broker answers
  // a metadata request within `timeout`.
  void check_reachable(std::chrono::milliseconds timeout);

  void dr_cb(RdKafka::Message& message) override;

 private:
  struct Batch;
  // Enqueues one record, waiting while librdkafka's queue is full; the error when refused.
  RdKafka::ErrorCode enqueue(const OutgoingRecord& record, Batch* batch);
  void serve_deliveries();

  BrokerHealth& health_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<bool> stopping_{false};
  std::thread poller_;
};

}  // namespace titrate::kafka
