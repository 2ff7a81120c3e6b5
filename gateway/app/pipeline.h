#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/push/push_service.h"
#include "gateway/audit/audit_trail.h"
#include "gateway/bus/bus.h"
#include "gateway/config/gateway_config.h"
#include "gateway/outbound/outbound_module.h"
#include "gateway/store/journal.h"
#include "gateway/store/resource_store.h"

// The modules of one `titrate serve` process, by role, on the configured bus:
//   ingest        listeners write the journal and its events (the embedded log); on Kafka an
//                 outbox relay forwards that log to the brokers
//   dosing        the dosing module, consumer group titrate-dosing
//   pump-control  the pump-control module and the PCD-03 programmer, group titrate-pump-control
//   outbound      the outbound module (FHIR resources into the resource store on the journal's
//                 database), group titrate-outbound
// `all` runs every role in one process (the default, on the embedded bus).
namespace titrate::app {

struct Roles {
  bool ingest = true, dosing = true, pump_control = true, outbound = true;
  static Roles parse(const std::string& text);  // all | ingest | dosing | pump-control | outbound;
                                                // a,b lists
  std::string to_string() const;
};

class Pipeline {
 public:
  // Loads the drug library and pump-control config of the roles that need them (ConfigError
  // when they are wrong) and builds the bus; nothing runs until start().
  Pipeline(const config::GatewayConfig& config, Roles roles);
  ~Pipeline();  // stop()
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Connects the journal (ingest role) so its commits wake the consumers or the relay, then
  // starts them. Throws bus::BusError when the bus cannot be reached.
  void start(store::Journal* journal);
  void stop();
  std::string describe() const;  // "bus embedded, roles all" for the startup line
  bus::BusStats stats() const;
  // The outbound module's counters; nullopt without that role.
  std::optional<outbound::OutboundStats> outbound_stats() const;
  // Per push destination; empty without the outbound role or destinations.
  std::vector<push::PushDestinationStats> push_stats() const;
  // The FHIR resources the outbound role writes (what GET /fhir serves); null without that role.
  store::ResourceStore* resource_store() const;
  // Records every push attempt in `trail`, which must outlive the pipeline's run. Before start().
  void audit_pushes(audit::AuditTrail& trail);

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace titrate::app
