#include <gtest/gtest.h>

#include "connectors/kafka/kafka_bus.h"
#include "connectors/kafka/kafka_conf.h"
#include "gateway/bus/buffered_context.h"
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

class NoDeliveryReports : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message&) override {}
};

std::string producer_property(const KafkaOptions& options, const std::string& name) {
  NoDeliveryReports reports;
  auto conf = make_producer_conf(options, nullptr, &reports);
  std::string value;
  EXPECT_EQ(conf->get(name, value), RdKafka::Conf::CONF_OK) << name;
  return value;
}

TEST(KafkaBusConfig, TheProducerDoesNotLingerUnlessAPropertySaysSo) {
  std::unique_ptr<RdKafka::Conf> library_default(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string lingers;
  library_default->get("linger.ms", lingers);
  EXPECT_NE(lingers, "0");  // so the bus's default is what makes it 0

  KafkaOptions options;
  options.bootstrap_servers = "127.0.0.1:9";
  EXPECT_EQ(producer_property(options, "linger.ms"), "0");
  options.properties = {{"linger.ms", "7"}};
  EXPECT_EQ(producer_property(options, "linger.ms"), "7");
  options.producer_properties = {{"linger.ms", "3"}};
  EXPECT_EQ(producer_property(options, "linger.ms"), "3");
}

TEST(KafkaBusConfig, SubscribingWithoutModuleStateIsAProgrammingError) {
  KafkaBus bus(test_options("127.0.0.1:9", nullptr));
  EXPECT_THROW(bus.subscribe({"g", {"t"}, [](const bus::Event&, bus::HandlerContext&) {}}),
               std::logic_error);
}

// The worker's context: bus::BufferedContext over the module state.
TEST(KafkaBufferedContext, ReadsItsOwnWritesFirstThenTheModuleState) {
  TempDir dir;
  auto state = open_state(dir);
  state->commit("g", "earlier", {{"sessions", "a", "stored"}, {"sessions", "b", "stored"}});
  bus::BufferedContext context(
      [&](std::string_view space, std::string_view key) { return state->get(space, key); });
  context.put_state("sessions", "a", "first");
  context.put_state("sessions", "a", "buffered");
  context.put_state("plans", "a", "other space");
  EXPECT_EQ(context.get_state("sessions", "a"), "buffered");
  EXPECT_EQ(context.get_state("plans", "a"), "other space");
  EXPECT_EQ(context.get_state("sessions", "b"), "stored");
  EXPECT_EQ(context.get_state("sessions", "c"), std::nullopt);
  const std::vector<store::StateWrite>& writes = context.effects().writes;
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].value, "buffered");
  EXPECT_EQ(writes[1].value, "other space");
  EXPECT_EQ(state->get("sessions", "a"), "stored");  // nothing written until the commit
  context.publish("plans", make_event("e1/plan", "k"));
  context.publish("alerts", make_event("e1/alert", "k"));
  bus::BufferedContext::Effects effects = context.take();
  ASSERT_EQ(effects.publications.size(), 2u);
  EXPECT_EQ(effects.publications[0].first, "plans");
  EXPECT_EQ(effects.publications[1].second.event_id, "e1/alert");
}

}  // namespace
}  // namespace titrate::kafka::test
