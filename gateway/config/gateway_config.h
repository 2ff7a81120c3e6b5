#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gateway/bus/bus.h"

namespace titrate::config {

// TLS for one listener or client. Files are PEM.
struct TlsConfig {
  std::string certificate;  // our certificate (chain)
  std::string private_key;
  std::string ca;                           // CA file that verifies the peer
  bool require_client_certificate = false;  // servers: VERIFY_STRICT (mutual TLS)
  std::string ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:!aNULL:!MD5:!DSS";
};

// A sender allowed on a channel, matched on the first component of MSH-3 and MSH-4.
// An empty facility matches any facility.
struct AllowedSender {
  std::string application;
  std::string facility;
  // When set, the sender is accepted only over a connection whose client certificate has
  // exactly this subject: RFC 2253 escaping in certificate order, "CN=clinic-ehr,O=North Clinic"
  // (openssl x509 -noout -subject -nameopt RFC2253,-dn_rev).
  // (The {} keeps {application, facility} initialisers free of missing-initializer warnings.)
  std::string certificate_subject{};
};

// A token bucket (connectors/limits): `per_second` events a second on average, `burst` at once.
// per_second 0: no limit.
struct RateLimitConfig {
  int64_t per_second = 0;
  int64_t burst = 0;
  bool enabled() const { return per_second > 0; }
};

struct MllpChannelConfig {
  std::string name;
  std::string bind = "127.0.0.1";
  uint16_t port = 2575;
  size_t max_connections = 64;
  size_t max_connections_per_client = 0;  // per peer IP; 0: only max_connections
  int idle_timeout_seconds = 300;
  int frame_timeout_seconds = 60;  // a started frame must end within this (slow senders)
  size_t max_frame_bytes = 1 << 20;
  RateLimitConfig rate_limit;  // per connection: rate_limit.{messages_per_second, burst}
  std::optional<TlsConfig> tls;
  std::vector<AllowedSender> allowed_senders;  // empty: every sender
};

struct Hl7v2Limits {
  size_t max_message_bytes = 1 << 20;
  size_t max_segments = 5000;
  size_t max_field_bytes = 64 * 1024;
};

struct HttpConfig {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;
  size_t max_threads = 16;
  size_t max_queued = 64;
  size_t max_body_bytes = 4 << 20;
  int keep_alive_seconds = 15;
  int request_timeout_seconds = 30;
  // Abuse limits (connectors/http/http_limits.h): whole-request deadlines (a slow client is cut
  // off even when every read is within request_timeout_seconds), header limits, a per-client
  // (peer IP) connection cap and rate limit (rate_limit.{requests_per_second, burst}).
  int request_header_timeout_seconds = 20;
  int request_body_timeout_seconds = 60;
  size_t max_header_fields = 100;  // POCO refuses more than 100 fields whatever this says
  size_t max_header_bytes = 64 * 1024;
  size_t max_connections_per_client = 0;  // 0: no cap
  RateLimitConfig rate_limit;
  // The FHIR base clients use ("https://gw.example/fhir"), for Bundle links and fullUrls; empty:
  // http:// (https:// with tls) + the request's Host + /fhir.
  std::string public_base_url;
  std::optional<TlsConfig> tls;  // HTTPS (and mutual TLS with require_client_certificate)
};

// Bearer-token authentication of the FHIR API (connectors/auth): JWTs signed by the hospital's
// authorization server, verified with its JWKS, SMART v2 system scopes enforced.
struct AuthConfig {
  std::string mode;  // "off" | "required"; empty: required when http.bind is not loopback
  std::string jwks_file, issuer, audience;
  // Or the authorization server's JWKS endpoint (https://): fetched at start-up, every
  // jwks_refresh_seconds, and when a token names a kid the set lacks (a key rotation).
  std::string jwks_url;
  std::optional<TlsConfig> jwks_tls;  // ca (and client certificate) for the JWKS endpoint
  int jwks_refresh_seconds = 300;
  int clock_skew_seconds = 60;
};

// The audit trail (gateway/audit): an AuditEvent for every inbound message, FHIR request, push
// and configuration reload, in its own store.
struct AuditConfig {
  bool enabled = true;
  // "postgresql://..." or empty: store.resources when that is PostgreSQL, else the SQLite file
  // data_dir/audit.db (kept apart from the journal so audit writes never contend with ingest).
  std::string store;
  size_t queue_limit = 65536;  // records waiting to be written; recording blocks past it
};

// The bus between ingest, dosing, pump control and outbound.
struct BusConfig {
  std::string type = "embedded";                        // embedded | kafka
  std::string kafka_bootstrap;                          // host:port[,host:port]
  std::map<std::string, std::string> kafka_properties;  // extra librdkafka settings
  bus::Topics topics;
  int max_attempts = 5;  // handler attempts before an event is dead-lettered
};

// Where PCD-03 programs (RGV^O15) go: the pump fleet's IHE PCD gateway (the IOC).
struct PumpEndpointConfig {
  std::string host;  // empty: no pump endpoint; plans are not programmed and say so
  uint16_t port = 0;
  std::optional<TlsConfig> tls;
  int timeout_seconds = 10;
  int attempts = 3;
  std::string sending_application = "TITRATE";
  std::string sending_facility = "TITRATE";
  std::string receiving_application = "PUMPS";
  std::string receiving_facility = "PUMPS";
};

// An EHR that Titrate pushes results to, through the durable outbox (connectors/push).
struct PushAuthConfig {
  std::string type = "none";      // none | bearer | smart-backend
  std::string bearer_token_file;  // bearer: a file holding the token (kept out of the config)
  // smart-backend (SMART Backend Services): client credentials with a signed JWT assertion.
  std::string token_url, client_id, private_key, key_id;  // private_key: PEM file
  std::string algorithm = "RS384";                        // RS384 | ES384
  std::string scope = "system/*.write";
};

struct PushDestinationConfig {
  std::string name;
  std::string type = "fhir";  // fhir (PUT resources) | hl7v2 (ORR^O02 / RAS^O17 over MLLP)
  // fhir
  std::string base_url;  // "https://ehr.example/fhir"
  PushAuthConfig auth;
  std::vector<std::string> resource_types;  // empty: every type the outbound module writes
  // hl7v2
  std::string host;
  uint16_t port = 0;
  std::string sending_application = "TITRATE", sending_facility = "TITRATE";
  std::string receiving_application, receiving_facility;
  // both
  std::optional<TlsConfig> tls;  // https / MLLP over TLS: ca, client certificate and key
  int timeout_seconds = 10;
  int max_attempts = 10;  // then the item is dead-lettered (titrate outbox retry)
  int initial_backoff_ms = 500;
  int max_backoff_ms = 60000;
};

struct GatewayConfig {
  std::string file;  // where it was read from, for messages
  std::string data_dir = "data";
  std::string journal_file = "journal.db";
  size_t journal_max_batch = 512;
  // store.resources: the FHIR resource store in PostgreSQL ("postgresql://user@host:5432/db");
  // empty: in the journal's SQLite file. The journal and the embedded bus stay in SQLite.
  std::string resource_store_url;
  size_t resource_store_max_connections = 8;  // store.resources_max_connections
  std::string log_level = "info";
  std::string mappings_dir = "mappings";  // per-sender mapping profiles (config/mappings)
  Hl7v2Limits hl7v2;
  std::vector<MllpChannelConfig> mllp_channels;
  std::optional<HttpConfig> http;
  AuthConfig auth;
  AuditConfig audit;
  BusConfig bus;
  std::string drug_library = "drug-library.json";  // config/drug-library.json
  std::string pump_control = "pump-control.json";  // config/pump-control.json
  // StructureDefinitions, ValueSets and the CapabilityStatement (fhir-profiles/), loaded by
  // the validator of outbound resources and served at /fhir/metadata.
  std::string fhir_profiles = "../fhir-profiles";
  std::vector<PushDestinationConfig> push_destinations;  // "push": [ ... ]
  PumpEndpointConfig pump_endpoint;
};

// Loads and checks a gateway config. Relative paths are resolved against the file's folder.
// Throws ConfigError naming the file, JSON pointer and what was expected.
GatewayConfig load_gateway_config(const std::string& path);

}  // namespace titrate::config
