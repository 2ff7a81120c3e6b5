#include <gtest/gtest.h>

#include "kafka_test_support.h"

namespace titrate::kafka::test {
namespace {

TEST(KafkaPipeline, StageTwoSeesEveryDerivedEventOncePerKeyInOrder) {
  MockCluster cluster;
  cluster.create_topic("orders", 4);
  cluster.create_topic("plans", 4);
  cluster.create_topic("dead-letter", 1);
  run_pipeline(cluster.bootstraps(), {"orders", "plans", "dead-letter"}, 60, 5);
}

}  // namespace
}  // namespace titrate::kafka::test
