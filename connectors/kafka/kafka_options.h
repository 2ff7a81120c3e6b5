#pragma once

#include <chrono>
#include <map>
#include <string>

namespace titrate::store {
class ModuleState;
}

namespace titrate::kafka {

struct KafkaOptions {
  std::string bootstrap_servers;  // "host:port,host:port"
  std::string client_id = "titrate";
  // librdkafka properties for the producer and the consumers, then for one side only. The
  // properties the bus's guarantees rest on (enable.idempotence, acks, enable.auto.offset.store,
  // enable.auto.commit, auto.offset.reset, group.id) are fixed; setting them otherwise is refused.
  std::map<std::string, std::string> properties;
  std::map<std::string, std::string> producer_properties;
  std::map<std::string, std::string> consumer_properties;
  // Handler state and the event ids each group has handled; required once a subscription is
  // made, not owned. A publish-only bus (an ingest node) needs none.
  store::ModuleState* module_state = nullptr;
  // A failing handler is retried with a doubling backoff; after max_attempts its event goes to
  // the dead-letter topic.
  int max_attempts = 5;
  std::chrono::milliseconds retry_backoff{200};
  std::chrono::milliseconds retry_backoff_max{10000};
  std::string dead_letter_topic = "titrate.dead-letter.v1";
  // start() fails when no broker answers a metadata request within this time.
  std::chrono::milliseconds connect_timeout{10000};
};

}  // namespace titrate::kafka
