#include "connectors/kafka/kafka_bus.h"

#include <stdexcept>
#include <utility>

#include "connectors/kafka/event_record.h"

namespace titrate::kafka {

KafkaBus::KafkaBus(KafkaOptions options)
    : options_(std::move(options)),
      health_(options_.bootstrap_servers),
      producer_(options_, health_) {}

KafkaBus::~KafkaBus() {
  stop();
}

void KafkaBus::publish(std::string_view topic, const bus::Event& event) {
  producer_.send({event_record(topic, event)});
  ++counters_.published;
}

void KafkaBus::subscribe(bus::Subscription subscription) {
  if (!options_.module_state) {
    throw std::logic_error("KafkaBus::subscribe needs KafkaOptions::module_state");
  }
  if (!workers_.empty()) throw std::logic_error("KafkaBus::subscribe after start()");
  subscriptions_.push_back(std::move(subscription));
}

void KafkaBus::start() {
  if (!workers_.empty()) throw std::logic_error("KafkaBus::start twice");
  producer_.check_reachable(options_.connect_timeout);
  for (const bus::Subscription& subscription : subscriptions_) {
    workers_.push_back(std::make_unique<SubscriptionWorker>(options_, subscription, producer_,
                                                            health_, counters_));
    try {
      workers_.back()->start();
    } catch (...) {
      stop();
      throw;
    }
  }
}

void KafkaBus::stop() {
  for (auto& worker : workers_) worker->request_stop();
  for (auto& worker : workers_) worker->join();
  workers_.clear();
}

bus::BusStats KafkaBus::stats() const {
  return counters_.snapshot();
}

size_t KafkaBus::assigned_partitions() const {
  size_t count = 0;
  for (const auto& worker : workers_) count += worker->assigned_partitions();
  return count;
}

}  // namespace titrate::kafka
