#include "connectors/kafka/broker_health.h"

#include <librdkafka/rdkafka.h>

#include "gateway/log/log.h"

namespace titrate::kafka {
namespace {

bool is_connection_error(RdKafka::ErrorCode code) {
  return code == RdKafka::ERR__ALL_BROKERS_DOWN || code == RdKafka::ERR__TRANSPORT ||
         code == RdKafka::ERR__RESOLVE;
}

const char* error_name(RdKafka::ErrorCode code) {
  return rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(code));
}

}  // namespace

BrokerHealth::BrokerHealth(std::string bootstrap_servers)
    : bootstrap_servers_(std::move(bootstrap_servers)) {}

void BrokerHealth::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_ERROR:
      on_error(event);
      break;
    case RdKafka::Event::EVENT_LOG:
      if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_CRITICAL) {
        TITRATE_LOG_ERROR("kafka: %s: %s", event.fac().c_str(), event.str().c_str());
      } else {
        TITRATE_LOG_DEBUG("kafka: %s: %s", event.fac().c_str(), event.str().c_str());
      }
      break;
    default:
      break;
  }
}

void BrokerHealth::on_error(RdKafka::Event& event) {
  RdKafka::ErrorCode code = event.err();
  if (event.fatal()) {
    TITRATE_LOG_ERROR("kafka: fatal error %s: %s", error_name(code), event.str().c_str());
    return;
  }
  if (!is_connection_error(code)) {
    TITRATE_LOG_WARN("kafka: %s: %s", error_name(code), event.str().c_str());
    return;
  }
  {
    std::lock_guard lock(mutex_);
    last_error_ = std::string(error_name(code)) + ": " + event.str();
  }
  if (!in_outage_.exchange(true)) {
    TITRATE_LOG_ERROR(
        "kafka: brokers unreachable (bootstrap %s): %s: %s (logged once until they "
        "answer again)",
        bootstrap_servers_.c_str(), error_name(code), event.str().c_str());
  } else {
    TITRATE_LOG_DEBUG("kafka: %s: %s", error_name(code), event.str().c_str());
  }
}

void BrokerHealth::mark_reachable() {
  if (in_outage_.load(std::memory_order_relaxed) && in_outage_.exchange(false)) {
    TITRATE_LOG_INFO("kafka: brokers at %s answer again", bootstrap_servers_.c_str());
  }
}

std::string BrokerHealth::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

}  // namespace titrate::kafka
