// librdkafka's in-process Kafka cluster (rd_kafka_mock_cluster_new): real Kafka-protocol brokers
// on loopback, with fault injection through get(). For tests, the benchmarks and the
// titrate_kafka_mock tool.
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <string>

namespace titrate::test {

class KafkaMockCluster {
 public:
  explicit KafkaMockCluster(int brokers = 3);  // throws std::runtime_error
  ~KafkaMockCluster();
  KafkaMockCluster(const KafkaMockCluster&) = delete;
  KafkaMockCluster& operator=(const KafkaMockCluster&) = delete;

  std::string bootstraps() const;
  // Replicated on every broker (at most 3). Throws std::runtime_error naming the topic.
  void create_topic(const std::string& name, int partitions);
  rd_kafka_mock_cluster_t* get() const { return cluster_; }

 private:
  int brokers_;
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

}  // namespace titrate::test
