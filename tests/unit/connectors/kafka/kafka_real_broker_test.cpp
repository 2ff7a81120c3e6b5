#include <gtest/gtest.h>

#include <cstdlib>

#include "gateway/clock/utc_time.h"
#include "kafka_test_support.h"

namespace titrate::kafka::test {
namespace {

// The pipeline test against a real cluster, when TITRATE_KAFKA_BOOTSTRAP names one.
TEST(KafkaRealBroker, PipelineAgainstTheBrokerInTitrateKafkaBootstrap) {
  const char* bootstrap = std::getenv("TITRATE_KAFKA_BOOTSTRAP");
  if (!bootstrap || !*bootstrap) {
    GTEST_SKIP() << "set TITRATE_KAFKA_BOOTSTRAP=host:port to run against a real Kafka broker";
  }
  std::string suffix = numbered(".", static_cast<int>(clock::now_us() % 1000000000));
  PipelineTopics topics{"titrate-test.orders" + suffix, "titrate-test.plans" + suffix,
                        "titrate-test.dead-letter" + suffix};
  create_topics(bootstrap, {topics.orders, topics.plans, topics.dead_letter}, 4);
  run_pipeline(bootstrap, topics, 60, 5, suffix);
}

}  // namespace
}  // namespace titrate::kafka::test
