#include "connectors/push/push_service.h"

#include <algorithm>
#include <stdexcept>

#include "connectors/push/bearer_token_source.h"
#include "connectors/push/fhir_push_transport.h"
#include "connectors/push/hl7v2_push_messages.h"
#include "connectors/push/mllp_push_transport.h"
#include "connectors/push/smart_backend_token_source.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"

namespace titrate::push {
namespace {

std::shared_ptr<AccessTokenSource> make_token_source(const config::PushDestinationConfig& d) {
  if (d.auth.type == "none") return nullptr;
  if (d.auth.type == "bearer") return std::make_shared<BearerTokenSource>(d.auth.bearer_token_file);
  if (d.auth.type == "smart-backend") {
    try {
      return std::make_shared<SmartBackendTokenSource>(d.auth, d.tls, d.timeout_seconds);
    } catch (const PushAuthError& e) {
      throw std::invalid_argument("push destination " + d.name + ": " + e.what());
    }
  }
  throw std::invalid_argument("push destination " + d.name + ": auth type " + d.auth.type +
                              " is not supported by this build");
}

bool accepts(const config::PushDestinationConfig& d, const std::string& type) {
  return d.resource_types.empty() || std::find(d.resource_types.begin(), d.resource_types.end(),
                                               type) != d.resource_types.end();
}

// Resources that others refer to go first, so that references resolve at the EHR.
int reference_rank(const std::string& type) {
  if (type == "Patient" || type == "Device") return 0;
  if (type == "ServiceRequest") return 1;
  if (type == "MedicationRequest") return 2;
  return 3;
}

store::OutboxRetryPolicy retry_policy(const config::PushDestinationConfig& d) {
  store::OutboxRetryPolicy policy;
  policy.initial = std::chrono::milliseconds(d.initial_backoff_ms);
  policy.max = std::chrono::milliseconds(d.max_backoff_ms);
  policy.max_attempts = d.max_attempts;
  return policy;
}

}  // namespace

std::unique_ptr<PushTransport> make_transport(const config::PushDestinationConfig& destination) {
  if (destination.type == "fhir") {
    return std::make_unique<FhirPushTransport>(destination, make_token_source(destination));
  }
  if (destination.type == "hl7v2") return std::make_unique<MllpPushTransport>(destination);
  throw std::invalid_argument("push destination " + destination.name + ": type " +
                              destination.type + " is not supported by this build");
}

PushService::PushService(std::vector<config::PushDestinationConfig> destinations,
                         const std::string& db_path, TransportFactory transports)
    : destinations_(std::move(destinations)) {
  store::OutboxOptions options;
  options.path = db_path;
  outbox_ = std::make_unique<store::Outbox>(options);
  for (const config::PushDestinationConfig& d : destinations_) {
    PushWorkerOptions worker;
    worker.destination = d.name;
    worker.retry = retry_policy(d);
    worker.on_attempt = [this, &d](const store::OutboxRow& row, const DeliveryResult& result) {
      if (attempt_listener_) attempt_listener_(d, row, result);
    };
    workers_.push_back(std::make_unique<PushWorker>(*outbox_, transports(d), std::move(worker)));
  }
}

PushService::~PushService() {
  stop();
}

outbound::WriteListener PushService::listener() {
  return [this](const bus::Event& event, const std::vector<store::ResourceWrite>& writes,
                const std::vector<store::PutResult>& results) { on_write(event, writes, results); };
}

void PushService::start() {
  for (auto& worker : workers_) worker->start();
}

void PushService::stop() {
  for (auto& worker : workers_) worker->stop();
}

void PushService::on_write(const bus::Event& event, const std::vector<store::ResourceWrite>& writes,
                           const std::vector<store::PutResult>& results) {
  std::vector<store::OutboxEntry> entries;
  std::vector<size_t> woken;
  for (size_t d = 0; d < destinations_.size(); ++d) {
    const config::PushDestinationConfig& destination = destinations_[d];
    const size_t before = entries.size();
    if (destination.type == "hl7v2") {
      try {
        if (std::optional<store::OutboxEntry> entry = hl7v2_outbox_entry(event, destination)) {
          entries.push_back(std::move(*entry));
        }
      } catch (const std::invalid_argument& e) {
        TITRATE_LOG_WARN("push %s: event %s not sent: %s", destination.name.c_str(),
                         event.event_id.c_str(), e.what());
      }
    } else {
      std::vector<size_t> order;
      for (size_t i = 0; i < writes.size() && i < results.size(); ++i) {
        if (accepts(destination, writes[i].type)) order.push_back(i);
      }
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return reference_rank(writes[a].type) < reference_rank(writes[b].type);
      });
      for (size_t i : order) {
        const store::ResourceWrite& w = writes[i];
        entries.push_back({destination.name, "fhir", w.type, w.id, results[i].version, w.json});
      }
    }
    if (entries.size() > before) woken.push_back(d);
  }
  if (entries.empty()) return;
  if (outbox_->enqueue(entries, clock::now_us()) == 0) return;  // a redelivered event
  for (size_t d : woken) workers_[d]->wake();
}

std::vector<PushDestinationStats> PushService::stats() const {
  const auto counts = outbox_->counts();
  std::vector<PushDestinationStats> out;
  for (size_t d = 0; d < destinations_.size(); ++d) {
    PushDestinationStats s;
    s.name = destinations_[d].name;
    s.worker = workers_[d]->stats();
    if (auto it = counts.find(s.name); it != counts.end()) {
      if (auto p = it->second.find(store::OutboxState::kPending); p != it->second.end()) {
        s.pending = p->second;
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace titrate::push
