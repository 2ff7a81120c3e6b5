#include "tests/support/kafka_mock_cluster.h"

#include <algorithm>
#include <stdexcept>

namespace titrate::test {

KafkaMockCluster::KafkaMockCluster(int brokers) : brokers_(brokers) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error);
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (!handle_) throw std::runtime_error(std::string("rd_kafka_new: ") + error);
  cluster_ = rd_kafka_mock_cluster_new(handle_, brokers);
  if (!cluster_) {
    rd_kafka_destroy(handle_);
    throw std::runtime_error("rd_kafka_mock_cluster_new failed");
  }
}

KafkaMockCluster::~KafkaMockCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(handle_);
}

std::string KafkaMockCluster::bootstraps() const {
  return rd_kafka_mock_cluster_bootstraps(cluster_);
}

void KafkaMockCluster::create_topic(const std::string& name, int partitions) {
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, std::min(brokers_, 3));
  if (err) throw std::runtime_error("create topic " + name + ": " + rd_kafka_err2str(err));
}

}  // namespace titrate::test
