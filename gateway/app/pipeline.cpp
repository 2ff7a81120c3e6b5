#include "gateway/app/pipeline.h"

#include <stdexcept>

#include "connectors/kafka/kafka_bus.h"
#include "connectors/pumps/pcd03_programmer.h"
#include "connectors/push/push_audit.h"
#include "connectors/push/push_service.h"
#include "dosing/dosing_module.h"
#include "dosing/drug_library.h"
#include "gateway/app/app_runtime.h"
#include "gateway/app/cli_args.h"
#include "gateway/bus/embedded_bus.h"
#include "gateway/bus/outbox_relay.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"
#include "gateway/outbound/outbound_module.h"
#include "gateway/store/module_state.h"
#include "gateway/store/resource_store.h"
#include "gateway/store/resource_store_open.h"
#include "mappers/validation/fhir_validator.h"
#include "pump-control/pump_control_config.h"
#include "pump-control/pump_control_module.h"

namespace titrate::app {
namespace {

// Used when the config names no pump endpoint: every program is reported as not delivered,
// with the reason, so orders show why they were not programmed.
class NoPumpEndpoint : public pump_control::PumpProgrammer {
 public:
  pump_control::ProgramResult program(const pump_control::PumpProgram&) override {
    pump_control::ProgramResult result;
    result.outcome = pump_control::ProgramResult::Outcome::kUnreachable;
    result.text =
        "no pump endpoint configured (pump_endpoint in the gateway config, or "
        "--pump-endpoint HOST:PORT)";
    return result;
  }
};

std::unique_ptr<pump_control::PumpProgrammer> make_programmer(
    const config::PumpEndpointConfig& endpoint) {
  if (endpoint.host.empty()) {
    TITRATE_LOG_WARN(
        "no pump endpoint configured (pump_endpoint, or --pump-endpoint): plans will not be "
        "programmed, and their order status will say so");
    return std::make_unique<NoPumpEndpoint>();
  }
  pumps::Pcd03ProgrammerOptions options;
  options.endpoint = endpoint.host + ":" + std::to_string(endpoint.port);
  options.tls = endpoint.tls;
  options.timeout = std::chrono::seconds(endpoint.timeout_seconds);
  options.attempts = endpoint.attempts;
  options.rgv.sending_application = endpoint.sending_application;
  options.rgv.sending_facility = endpoint.sending_facility;
  options.rgv.receiving_application = endpoint.receiving_application;
  options.rgv.receiving_facility = endpoint.receiving_facility;
  return std::make_unique<pumps::Pcd03Programmer>(std::move(options));
}

}  // namespace

Roles Roles::parse(const std::string& text) {
  if (text == "all") return Roles{};
  Roles roles{false, false, false, false};
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string role = text.substr(start, comma - start);
    if (role == "ingest") {
      roles.ingest = true;
    } else if (role == "dosing") {
      roles.dosing = true;
    } else if (role == "pump-control") {
      roles.pump_control = true;
    } else if (role == "outbound") {
      roles.outbound = true;
    } else {
      throw UsageError(
          "--role expects all, ingest, dosing, pump-control or outbound (or a comma list)");
    }
    start = comma + 1;
  }
  return roles;
}

std::string Roles::to_string() const {
  if (ingest && dosing && pump_control && outbound) return "all";
  std::string out;
  for (const auto& [on, name] :
       {std::pair{ingest, "ingest"}, std::pair{dosing, "dosing"},
        std::pair{pump_control, "pump-control"}, std::pair{outbound, "outbound"}}) {
    if (!on) continue;
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

struct Pipeline::Parts {
  config::GatewayConfig config;
  Roles roles;
  std::unique_ptr<dosing::DrugLibrary> library;
  std::unique_ptr<dosing::DosingModule> dosing;
  std::unique_ptr<pump_control::PumpProgrammer> programmer;
  std::unique_ptr<pump_control::PumpControlModule> pump_control;
  std::unique_ptr<store::ResourceStore> resources;       // the outbound module's FHIR resources
  std::unique_ptr<push::PushService> push;               // the outbox and pushers to the EHRs
  std::unique_ptr<validation::FhirValidator> validator;  // checks every outbound resource
  std::unique_ptr<outbound::OutboundModule> outbound;
  std::unique_ptr<store::ModuleState> module_state;  // Kafka consumers' state
  std::unique_ptr<bus::Bus> bus;
  bus::EmbeddedBus* embedded = nullptr;
  std::unique_ptr<bus::OutboxRelay> relay;  // Kafka: the journal's events to the brokers
  store::Journal* journal = nullptr;
  bool started = false;
};

Pipeline::Pipeline(const config::GatewayConfig& config, Roles roles)
    : parts_(std::make_unique<Parts>()) {
  Parts& p = *parts_;
  p.config = config;
  p.roles = roles;
  const bool kafka = config.bus.type == "kafka";
  if (!kafka && !(roles.ingest && roles.dosing && roles.pump_control && roles.outbound)) {
    throw UsageError(
        "roles other than all need the kafka bus (--bus kafka): the embedded bus "
        "lives in one process");
  }
  if (roles.dosing) {
    p.library =
        std::make_unique<dosing::DrugLibrary>(dosing::DrugLibrary::load(config.drug_library));
    p.dosing = std::make_unique<dosing::DosingModule>(*p.library, &clock::now_us);
  }
  if (roles.pump_control) {
    p.programmer = make_programmer(config.pump_endpoint);
    p.pump_control = std::make_unique<pump_control::PumpControlModule>(
        pump_control::load_pump_control_config(config.pump_control), *p.programmer, &clock::now_us);
  }
  const std::string db = journal_path(config);
  if (roles.outbound) {
    p.resources = store::open_resource_store(config);
    p.validator = std::make_unique<validation::FhirValidator>(
        validation::FhirValidator::load(config.fhir_profiles));
    p.outbound = std::make_unique<outbound::OutboundModule>(
        *p.resources, [validator = p.validator.get()](const store::ResourceWrite& write) {
          std::vector<std::string> problems;
          for (const validation::ValidationIssue& issue : validator->validate(write.json).errors) {
            problems.push_back((issue.pointer.empty() ? "/" : issue.pointer) + ": " +
                               issue.message);
          }
          return problems;
        });
    if (!config.push_destinations.empty()) {
      p.push = std::make_unique<push::PushService>(config.push_destinations, db);
      p.outbound->add_listener(p.push->listener());
    }
  }
  if (kafka) {
    kafka::KafkaOptions options;
    options.bootstrap_servers = config.bus.kafka_bootstrap;
    options.properties = config.bus.kafka_properties;
    options.max_attempts = config.bus.max_attempts;
    if (roles.dosing || roles.pump_control || roles.outbound) {
      store::ModuleStateOptions state;
      state.path = db;
      p.module_state = std::make_unique<store::ModuleState>(state);
      options.module_state = p.module_state.get();
    }
    p.bus = std::make_unique<kafka::KafkaBus>(std::move(options));
    if (roles.ingest) {
      bus::OutboxRelayOptions relay;
      relay.path = db;
      relay.topics = {config.bus.topics.orders, config.bus.topics.pump_events};
      p.relay = std::make_unique<bus::OutboxRelay>(relay, *p.bus);
    }
  } else {
    bus::EmbeddedBusOptions options;
    options.path = db;
    options.max_attempts = config.bus.max_attempts;
    auto embedded = std::make_unique<bus::EmbeddedBus>(options);
    p.embedded = embedded.get();
    p.bus = std::move(embedded);
  }
  if (p.dosing) p.bus->subscribe(p.dosing->subscription(config.bus.topics));
  if (p.pump_control) p.bus->subscribe(p.pump_control->subscription(config.bus.topics));
  if (p.outbound) p.bus->subscribe(p.outbound->subscription(config.bus.topics));
}

Pipeline::~Pipeline() {
  stop();
}

void Pipeline::start(store::Journal* journal) {
  Parts& p = *parts_;
  p.journal = journal;
  if (p.push) p.push->start();
  p.bus->start();
  if (p.relay) p.relay->start();
  if (journal) {
    if (p.relay) {
      journal->set_commit_listener([relay = p.relay.get()] { relay->wake(); });
    } else if (p.embedded) {
      journal->set_commit_listener([bus = p.embedded] { bus->wake(); });
    }
  }
  p.started = true;
}

void Pipeline::stop() {
  Parts& p = *parts_;
  if (!p.started) return;
  if (p.journal) p.journal->set_commit_listener(nullptr);
  if (p.relay) p.relay->stop();
  p.bus->stop();
  if (p.push) p.push->stop();
  p.started = false;
}

std::string Pipeline::describe() const {
  return "bus " + parts_->config.bus.type + ", roles " + parts_->roles.to_string();
}

void Pipeline::audit_pushes(audit::AuditTrail& trail) {
  if (!parts_->push) return;
  parts_->push->set_attempt_listener([&trail](const config::PushDestinationConfig& destination,
                                              const store::OutboxRow& row,
                                              const push::DeliveryResult& result) {
    trail.record(push::push_record(destination, row, result));
  });
}

store::ResourceStore* Pipeline::resource_store() const {
  return parts_->resources.get();
}

bus::BusStats Pipeline::stats() const {
  return parts_->bus->stats();
}

std::vector<push::PushDestinationStats> Pipeline::push_stats() const {
  if (!parts_->push) return {};
  return parts_->push->stats();
}

std::optional<outbound::OutboundStats> Pipeline::outbound_stats() const {
  if (!parts_->outbound) return std::nullopt;
  return parts_->outbound->stats();
}

}  // namespace titrate::app
