#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "connectors/auth/auth_setup.h"
#include "connectors/fhir/audited_routes.h"
#include "connectors/fhir/fhir_api_routes.h"
#include "connectors/fhir/fhir_metadata_route.h"
#include "connectors/fhir/fhir_routes.h"
#include "connectors/http/http_server.h"
#include "connectors/http/status_routes.h"
#include "connectors/mllp/mllp_server.h"
#include "gateway/app/app_runtime.h"
#include "gateway/app/commands.h"
#include "gateway/app/pipeline.h"
#include "gateway/audit/audit_records.h"
#include "gateway/audit/audit_trail.h"
#include "gateway/config/config_error.h"
#include "gateway/config/mapping_profiles.h"
#include "gateway/ingest/fhir_ingest.h"
#include "gateway/ingest/hl7v2_ingest.h"
#include "gateway/log/log.h"
#include "gateway/store/resource_store_open.h"

namespace titrate::app {
namespace {

// Signals are taken synchronously by the main thread; every other thread blocks them.
sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

// --bus, --kafka-bootstrap and --pump-endpoint override the config.
void apply_bus_options(const CliArgs& args, config::GatewayConfig& config) {
  if (auto bus = args.value("bus")) {
    if (*bus != "embedded" && *bus != "kafka") throw UsageError("--bus expects embedded or kafka");
    config.bus.type = *bus;
  }
  if (auto bootstrap = args.value("kafka-bootstrap")) config.bus.kafka_bootstrap = *bootstrap;
  if (config.bus.type == "kafka" && config.bus.kafka_bootstrap.empty()) {
    throw UsageError("--bus kafka needs --kafka-bootstrap HOST:PORT (or bus.kafka.bootstrap)");
  }
  if (auto endpoint = args.value("pump-endpoint")) {
    const size_t colon = endpoint->rfind(':');
    char* end = nullptr;
    const long port =
        colon == std::string::npos ? 0 : std::strtol(endpoint->c_str() + colon + 1, &end, 10);
    if (colon == 0 || colon == std::string::npos || *end != '\0' || port < 1 || port > 65535) {
      throw UsageError("--pump-endpoint expects HOST:PORT");
    }
    config.pump_endpoint.host = endpoint->substr(0, colon);
    config.pump_endpoint.port = static_cast<uint16_t>(port);
  }
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

// The audit trail in its own store; null when config.audit.enabled is false.
struct Audit {
  std::unique_ptr<store::ResourceStore> store;
  std::unique_ptr<audit::AuditTrail> trail;
};

Audit open_audit(const config::GatewayConfig& config) {
  Audit out;
  if (!config.audit.enabled) return out;
  out.store = std::make_unique<store::ResourceStore>(store::audit_store_options(config));
  audit::AuditTrailOptions options;
  options.queue_limit = config.audit.queue_limit;
  options.source = {host_name(), "Titrate " TITRATE_VERSION};
  out.trail = std::make_unique<audit::AuditTrail>(*out.store, options);
  return out;
}

}  // namespace

int run_serve(const std::vector<std::string>& raw_args) {
  CliArgs args(raw_args, {"config", "data-dir", "mllp-port", "http-port", "log-level", "bus",
                          "kafka-bootstrap", "role", "pump-endpoint", "auth"});
  if (!args.positional().empty()) throw UsageError("serve takes no positional arguments");
  config::GatewayConfig config = load_config(args);
  if (auto port = args.number("mllp-port", 0, 65535)) {
    if (config.mllp_channels.empty())
      throw UsageError("--mllp-port: the config has no MLLP channel");
    config.mllp_channels.front().port = static_cast<uint16_t>(*port);
  }
  if (auto port = args.number("http-port", 0, 65535)) {
    if (!config.http) config.http.emplace();
    config.http->port = static_cast<uint16_t>(*port);
  }

  apply_bus_options(args, config);
  const std::string auth_flag = args.value_or("auth", "");
  if (!auth_flag.empty() && auth_flag != "off" && auth_flag != "required")
    throw UsageError("--auth expects off or required");
  const std::string auth_mode = auth::effective_auth_mode(config, auth_flag);
  std::shared_ptr<const auth::BearerGuard> guard = auth::make_bearer_guard(config, auth_mode);
  const Roles roles = Roles::parse(args.value_or("role", "all"));

  ingest::ProfileRegistry profiles(config::load_mapping_profiles(config.mappings_dir));
  const sigset_t signals = block_shutdown_signals();
  std::unique_ptr<store::Journal> journal = open_journal(config);
  Audit audit = open_audit(config);  // before the pipeline, whose pushes it records
  Pipeline pipeline(config, roles);
  if (audit.trail) pipeline.audit_pushes(*audit.trail);
  // Built before anything starts: a missing or invalid CapabilityStatement stops start-up.
  std::vector<http::Route> fhir_api;
  if (config.http && (pipeline.resource_store() || audit.store)) {
    fhir::FhirApiOptions api;
    api.base_url = config.http->public_base_url;
    api.capability_statement = config.fhir_profiles + "/" + fhir::kCapabilityStatementFile;
    fhir_api =
        fhir::fhir_api_routes(fhir::FhirStores{pipeline.resource_store(), audit.store.get()}, api);
  }
  pipeline.start(roles.ingest ? journal.get() : nullptr);
  std::printf("pipeline %s\n", pipeline.describe().c_str());
  // Without ingest there is nothing to listen for but the FHIR API of the outbound role.
  if (!roles.ingest) config.mllp_channels.clear();
  if (!roles.ingest && !roles.outbound) config.http.reset();
  ingest::CountingSink sink;
  const bus::Topics* topics = &config.bus.topics;
  ingest::Hl7v2Ingest ingest(*journal, config.hl7v2, profiles, &sink, topics);
  ingest::FhirIngest fhir_ingest(*journal, profiles, &sink, {}, topics);

  std::vector<std::unique_ptr<mllp::MllpServer>> servers;
  for (const config::MllpChannelConfig& channel : config.mllp_channels) {
    auto server = std::make_unique<mllp::MllpServer>(
        channel,
        [&ingest, &channel, trail = audit.trail.get()](const mllp::InboundFrame& frame,
                                                       const mllp::PeerInfo& peer) {
          ingest::Hl7v2Inbound inbound;
          inbound.channel = channel.name;
          inbound.allowed_senders = &channel.allowed_senders;
          inbound.certificate_subject = peer.certificate_subject;
          inbound.payload = frame.payload;
          inbound.oversized = frame.oversized;
          inbound.total_bytes = frame.total_bytes;
          inbound.max_frame_bytes = channel.max_frame_bytes;
          inbound.refusal = frame.refusal;
          ingest::Hl7v2IngestResult result = ingest.accept(inbound);
          if (trail) {
            trail->record(audit::hl7v2_import_record(channel.name, peer.address,
                                                     peer.certificate_subject, result));
          }
          return std::move(result.replies);
        },
        [&channel, trail = audit.trail.get()](const mllp::PeerInfo& peer,
                                              const std::string& error) {
          if (trail) {
            trail->record(audit::node_authentication_record(channel.name, peer.address, error));
          }
        });
    server->start();
    std::printf("listening mllp %s %s%s\n", channel.name.c_str(), server->address().c_str(),
                channel.tls ? " tls" : "");
    servers.push_back(std::move(server));
  }
  std::unique_ptr<http::HttpServer> http_server;
  if (config.http) {
    std::vector<http::Route> routes = http::status_routes([&] {
      http::StatusSnapshot s;
      s.journal = journal->stats();
      s.duplicates = ingest.duplicates();
      s.mapped_patients = sink.patients;
      s.mapped_orders = sink.orders;
      s.mapping_failures = ingest.mapping_failures() + fhir_ingest.mapping_failures();
      s.bus = pipeline.stats();
      s.outbound = pipeline.outbound_stats();
      s.push = pipeline.push_stats();
      if (audit.trail) s.audit = audit.trail->stats();
      if (http_server) s.http_refusals = &http_server->refusal_stats();
      for (const auto& server : servers)
        s.channels.push_back({server->channel().name, &server->stats()});
      return s;
    });
    if (roles.ingest) {
      for (http::Route& route : fhir::fhir_ingest_routes(fhir_ingest))
        routes.push_back(std::move(route));
    }
    for (http::Route& route : fhir_api) routes.push_back(std::move(route));
    if (guard) routes = auth::guard_fhir_routes(std::move(routes), guard);
    if (audit.trail) routes = fhir::audit_fhir_routes(std::move(routes), *audit.trail);
    http_server = std::make_unique<http::HttpServer>(*config.http, std::move(routes));
    http_server->start();
    std::printf("listening %s %s%s\n", config.http->tls ? "https" : "http",
                http_server->address().c_str(), guard ? " auth required" : "");
  }
  std::fflush(stdout);
  TITRATE_LOG_INFO("titrate serving with journal in %s", config.data_dir.c_str());
  if (audit.trail) audit.trail->record(audit::application_record(true));

  for (;;) {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    if (signal_number == SIGHUP) {
      try {
        profiles.replace(config::load_mapping_profiles(config.mappings_dir));
        TITRATE_LOG_INFO("SIGHUP: mapping profiles reloaded from %s", config.mappings_dir.c_str());
        if (audit.trail) {
          audit.trail->record(
              audit::configuration_record("mapping profiles", config.mappings_dir, ""));
        }
      } catch (const config::ConfigError& e) {
        if (audit.trail) {
          audit.trail->record(
              audit::configuration_record("mapping profiles", config.mappings_dir, e.what()));
        }
        TITRATE_LOG_ERROR(
            "SIGHUP: mapping profiles not reloaded; the previous ones stay in force: %s", e.what());
      }
      continue;
    }
    TITRATE_LOG_INFO("signal %d: shutting down", signal_number);
    break;
  }
  if (http_server) http_server->stop();
  for (auto& server : servers) server->stop();
  pipeline.stop();
  if (audit.trail) {
    audit.trail->record(audit::application_record(false));
    audit.trail->stop();  // writes every record still queued
  }
  const store::JournalStats stats = journal->stats();
  journal.reset();  // drains pending appends: everything acknowledged is durable
  TITRATE_LOG_INFO("stopped: %llu messages journaled, %llu duplicates",
                   static_cast<unsigned long long>(stats.appended),
                   static_cast<unsigned long long>(stats.duplicates));
  return 0;
}

}  // namespace titrate::app
