#include <gtest/gtest.h>

#include "connectors/kafka/buffered_context.h"
#include "connectors/kafka/kafka_bus.h"
#include "kafka_test_support.h"

namespace titrate::kafka::test {
namespace {

std::string error_of(const KafkaOptions& options) {
  try {
    KafkaBus bus(options);
  } catch (const bus::BusError& e) {
    return e.what();
  }
  return "";
}

TEST(KafkaBusConfig, APropertyTheGuaranteesRestOnCannotBeChanged) {
  KafkaOptions options = test_options("127.0.0.1:9", nullptr);
  options.producer_properties = {{"acks", "1"}};
  EXPECT_EQ(error_of(options), "kafka property acks=1: the bus needs it to be all");
  options.producer_properties = {{"acks", "all"}};  // repeating it is fine
  EXPECT_EQ(error_of(options), "");
}

TEST(KafkaBusConfig, APropertyLibrdkafkaRefusesIsNamed) {
  KafkaOptions options = test_options("127.0.0.1:9", nullptr);
  options.properties = {{"no.such.property", "1"}};
  EXPECT_NE(error_of(options).find("kafka property no.such.property=1: "), std::string::npos)
      << error_of(options);
}

TEST(KafkaBusConfig, SubscribingWithoutModuleStateIsAProgrammingError) {
  KafkaBus bus(test_options("127.0.0.1:9", nullptr));
  EXPECT_THROW(bus.subscribe({"g", {"t"}, [](const bus::Event&, bus::HandlerContext&) {}}),
               std::logic_error);
}

TEST(KafkaBufferedContext, ReadsItsOwnWritesFirstThenTheModuleState) {
  TempDir dir;
  auto state = open_state(dir);
  state->commit("g", "earlier", {{"sessions", "a", "stored"}, {"sessions", "b", "stored"}});
  BufferedContext context(*state);
  context.put_state("sessions", "a", "first");
  context.put_state("sessions", "a", "buffered");
  EXPECT_EQ(context.get_state("sessions", "a"), "buffered");
  EXPECT_EQ(context.get_state("sessions", "b"), "stored");
  EXPECT_EQ(context.get_state("sessions", "c"), std::nullopt);
  ASSERT_EQ(context.writes().size(), 1u);
  EXPECT_EQ(context.writes()[0].value, "buffered");
  EXPECT_EQ(state->get("sessions", "a"), "stored");  // nothing written until the commit
  context.publish("plans", make_event("e1/plan", "k"));
  ASSERT_EQ(context.publications().size(), 1u);
  EXPECT_EQ(context.publications()[0].first, "plans");
}

}  // namespace
}  // namespace titrate::kafka::test
