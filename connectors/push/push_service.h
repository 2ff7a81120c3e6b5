#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "connectors/push/push_transport.h"
#include "connectors/push/push_worker.h"
#include "gateway/config/gateway_config.h"
#include "gateway/outbound/outbound_module.h"
#include "gateway/store/outbox.h"

// The push to the EHRs: the outbox in the journal's database, filled by the outbound module's
// write listener, and one pusher per configured destination ("push" in the gateway config).
//   fhir   destinations get each stored resource whose type they accept, at its stored version
//          (the referenced ones of an event first: Patient, Device, Encounter, ServiceRequest,
//          MedicationRequest, then the rest, so references resolve at the EHR), PUT by
//          FhirPushTransport
//   hl7v2  destinations get ORR^O02 for order statuses and RAS^O17 for administrations
namespace titrate::push {

struct PushDestinationStats {
  std::string name;
  PushWorkerStats worker;  // this process's deliveries
  size_t pending = 0;      // in the outbox now
};

using TransportFactory =
    std::function<std::unique_ptr<PushTransport>(const config::PushDestinationConfig&)>;

// The transport of a destination by its type and auth. Throws std::invalid_argument.
std::unique_ptr<PushTransport> make_transport(const config::PushDestinationConfig& destination);

class PushService {
 public:
  // Opens the outbox (store::JournalError) and builds every destination's transport.
  PushService(std::vector<config::PushDestinationConfig> destinations, const std::string& db_path,
              TransportFactory transports = make_transport);
  ~PushService();  // stop()
  PushService(const PushService&) = delete;
  PushService& operator=(const PushService&) = delete;

  // For OutboundModule::add_listener; refers to this service, which must outlive the module's
  // subscription. Throws store::JournalError when the outbox cannot be written (the bus then
  // delivers the event again).
  outbound::WriteListener listener();
  // Told of every delivery attempt (the audit trail). Set before start().
  using AttemptListener = std::function<void(const config::PushDestinationConfig&,
                                             const store::OutboxRow&, const DeliveryResult&)>;
  void set_attempt_listener(AttemptListener listener) { attempt_listener_ = std::move(listener); }
  void start();
  void stop();
  std::vector<PushDestinationStats> stats() const;
  store::Outbox& outbox() { return *outbox_; }

 private:
  void on_write(const bus::Event& event, const std::vector<store::ResourceWrite>& writes,
                const std::vector<store::PutResult>& results);

  std::vector<config::PushDestinationConfig> destinations_;
  std::unique_ptr<store::Outbox> outbox_;
  std::vector<std::unique_ptr<PushWorker>> workers_;
  AttemptListener attempt_listener_;  // by destination, in config order
};

}  // namespace titrate::push
