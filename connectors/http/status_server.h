#pragma once

#include <Poco/Net/HTTPServer.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "connectors/mllp/mllp_server.h"
#include "gateway/config/gateway_config.h"
#include "gateway/store/journal.h"

namespace titrate::http {

struct ChannelStatus {
  std::string name;
  const mllp::MllpServerStats* stats = nullptr;
};

struct StatusSnapshot {
  store::JournalStats journal;
  uint64_t duplicates = 0;
  std::vector<ChannelStatus> channels;
};

// GET /health (liveness) and GET /metrics (Prometheus text format) for operators.
class StatusServer {
 public:
  StatusServer(const config::HttpConfig& config, std::function<StatusSnapshot()> snapshot);
  ~StatusServer();
  void start();
  void stop();
  std::string address() const;

 private:
  config::HttpConfig config_;
  std::function<StatusSnapshot()> snapshot_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

std::string render_metrics(const StatusSnapshot& snapshot);

}  // namespace titrate::http
