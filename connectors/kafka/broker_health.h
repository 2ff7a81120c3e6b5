#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <mutex>
#include <string>

namespace titrate::kafka {

// librdkafka's event callback for every handle of one bus. An outage (all brokers down, a
// connection that fails, a name that does not resolve) is logged once, with the bootstrap list,
// until a delivery or a consumed record shows the brokers answer again. librdkafka's own log
// lines go to the debug level; fatal errors are always logged.
class BrokerHealth : public RdKafka::EventCb {
 public:
  explicit BrokerHealth(std::string bootstrap_servers);

  void event_cb(RdKafka::Event& event) override;
  void mark_reachable();
  // The last connection error librdkafka reported ("" when none): the reason start() gives.
  std::string last_error() const;
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }

 private:
  void on_error(RdKafka::Event& event);

  const std::string bootstrap_servers_;
  std::atomic<bool> in_outage_{false};
  mutable std::mutex mutex_;
  std::string last_error_;
};

}  // namespace titrate::kafka
