#include "connectors/kafka/kafka_conf.h"

#include <map>
#include <utility>
#include <vector>

#include "gateway/bus/bus.h"

namespace titrate::kafka {
namespace {

using Properties = std::map<std::string, std::string>;

void set(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
  std::string error;
  if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) {
    throw bus::BusError("kafka property " + name + "=" + value + ": " + error);
  }
}

// Defaults first, the caller's properties over them, then the fixed settings, which the
// caller's properties may only repeat.
std::unique_ptr<RdKafka::Conf> build(const KafkaOptions& options, const Properties& defaults,
                                     const Properties& side, const Properties& fixed) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  set(*conf, "bootstrap.servers", options.bootstrap_servers);
  set(*conf, "client.id", options.client_id);
  for (const Properties* properties : {&defaults, &options.properties, &side}) {
    for (const auto& [name, value] : *properties) {
      auto pinned = fixed.find(name);
      if (properties != &defaults && pinned != fixed.end() && pinned->second != value) {
        throw bus::BusError("kafka property " + name + "=" + value + ": the bus needs it to be " +
                            pinned->second);
      }
      set(*conf, name, value);
    }
  }
  for (const auto& [name, value] : fixed) set(*conf, name, value);
  return conf;
}

void set_callback(RdKafka::Conf& conf, RdKafka::EventCb* events) {
  std::string error;
  if (events && conf.set("event_cb", events, error) != RdKafka::Conf::CONF_OK) {
    throw bus::BusError("kafka event callback: " + error);
  }
}

}  // namespace

std::unique_ptr<RdKafka::Conf> make_producer_conf(const KafkaOptions& options,
                                                  RdKafka::EventCb* events,
                                                  RdKafka::DeliveryReportCb* deliveries) {
  // murmur2 places a key on the same partition as the Java clients do. linger.ms 0: a consumer
  // waits for its handler's publications to be acknowledged before it takes the next event, so
  // there is no stream of records to batch, and each millisecond of linger (librdkafka's
  // default is 5) is added to every event a module handles (5 ms: 379 -> 99 orders/s).
  auto conf = build(options, {{"partitioner", "murmur2_random"}, {"linger.ms", "0"}},
                    options.producer_properties, {{"enable.idempotence", "true"}, {"acks", "all"}});
  set_callback(*conf, events);
  std::string error;
  if (conf->set("dr_cb", deliveries, error) != RdKafka::Conf::CONF_OK) {
    throw bus::BusError("kafka delivery callback: " + error);
  }
  return conf;
}

std::unique_ptr<RdKafka::Conf> make_consumer_conf(const KafkaOptions& options,
                                                  const std::string& group,
                                                  RdKafka::EventCb* events) {
  auto conf = build(options, {}, options.consumer_properties,
                    {{"group.id", group},
                     {"enable.auto.offset.store", "false"},
                     {"enable.auto.commit", "true"},
                     {"auto.offset.reset", "earliest"}});
  set_callback(*conf, events);
  return conf;
}

}  // namespace titrate::kafka
