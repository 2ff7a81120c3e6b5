// librdkafka's in-process Kafka cluster (rd_kafka_mock_cluster_new) on loopback.
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <string>

namespace titrate::bench {

class KafkaMockCluster {
 public:
  explicit KafkaMockCluster(int brokers);  // throws std::runtime_error
  ~KafkaMockCluster();
  KafkaMockCluster(const KafkaMockCluster&) = delete;
  KafkaMockCluster& operator=(const KafkaMockCluster&) = delete;

  std::string bootstraps() const;
  // Replicated on every broker (at most 3).
  void create_topic(const std::string& name, int partitions);

 private:
  int brokers_;
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

}  // namespace titrate::bench
