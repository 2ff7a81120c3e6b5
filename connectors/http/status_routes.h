#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "connectors/http/http_server.h"
#include "connectors/mllp/mllp_server.h"
#include "connectors/push/push_service.h"
#include "gateway/audit/audit_trail.h"
#include "gateway/bus/bus.h"
#include "gateway/outbound/outbound_module.h"
#include "gateway/store/journal.h"

namespace titrate::http {

struct ChannelStatus {
  std::string name;
  const mllp::MllpServerStats* stats = nullptr;
};

struct StatusSnapshot {
  store::JournalStats journal;
  uint64_t duplicates = 0;
  uint64_t mapped_patients = 0, mapped_orders = 0, mapping_failures = 0;
  std::vector<ChannelStatus> channels;
  bus::BusStats bus;                                // this process's consumers and publishes
  std::optional<outbound::OutboundStats> outbound;  // with the outbound role
  std::vector<push::PushDestinationStats> push;     // one per push destination
  std::optional<audit::AuditTrailStats> audit;      // when the audit trail is on
  const HttpRefusalStats* http_refusals = nullptr;  // the HTTP listener's abuse-limit refusals
};

// GET /health (liveness) and GET /metrics (Prometheus text format) for operators.
std::vector<Route> status_routes(std::function<StatusSnapshot()> snapshot);
std::string render_metrics(const StatusSnapshot& snapshot);

}  // namespace titrate::http
