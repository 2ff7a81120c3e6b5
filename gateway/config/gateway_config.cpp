#include "gateway/config/gateway_config.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "gateway/config/json_reader.h"

namespace titrate::config {
namespace {

namespace fs = std::filesystem;

std::string resolve(const fs::path& base, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (base / path).lexically_normal().string();
}

TlsConfig read_tls(JsonObjectReader& tls, const fs::path& base, bool server) {
  TlsConfig out;
  out.certificate = resolve(base, tls.string_or("certificate", ""));
  out.private_key = resolve(base, tls.string_or("private_key", ""));
  out.ca = resolve(base, tls.string_or("ca", ""));
  out.require_client_certificate = tls.boolean_or("require_client_certificate", false);
  out.ciphers = tls.string_or("ciphers", out.ciphers);
  if (server && (out.certificate.empty() || out.private_key.empty())) {
    tls.fail("certificate", "a TLS listener needs both certificate and private_key");
  }
  if (!server && out.certificate.empty() != out.private_key.empty()) {
    tls.fail(out.certificate.empty() ? "certificate" : "private_key",
             "a client certificate needs both certificate and private_key");
  }
  if (!server && out.require_client_certificate) {
    tls.fail("require_client_certificate", "only listeners verify client certificates");
  }
  if (out.require_client_certificate && out.ca.empty()) {
    tls.fail("ca",
             "require_client_certificate needs the CA file that verifies client certificates");
  }
  const std::pair<const char*, const std::string*> files[] = {
      {"certificate", &out.certificate}, {"private_key", &out.private_key}, {"ca", &out.ca}};
  for (const auto& [key, file] : files) {
    if (!file->empty() && !fs::exists(*file)) tls.fail(key, "file not found: " + *file);
  }
  return out;
}

// {"<rate_key>": N, "burst": M}: N events a second, bursts of M (default N).
RateLimitConfig read_rate_limit(JsonObjectReader& limit, const char* rate_key) {
  RateLimitConfig out;
  const std::optional<int64_t> rate = limit.integer(rate_key, 1, 1000000);
  if (!rate) limit.fail(rate_key, std::string("rate_limit needs ") + rate_key + " (1-1000000)");
  out.per_second = *rate;
  out.burst = limit.integer_or("burst", out.per_second, 1, 10000000);
  limit.reject_unknown_keys();
  return out;
}

// The form POCO (with OpenSSL 3) reports a peer's subject in: RFC 2253 escaping, attributes in
// certificate order, "CN=clinic-ehr,O=North Clinic". Catches the legacy one-line form
// ("/CN=...") and OpenSSL's display form ("CN = ...") pasted by mistake.
bool rfc2253_in_certificate_order(const std::string& subject) {
  const size_t equals = subject.find('=');
  if (equals == 0 || equals == std::string::npos || subject.rfind("subject=", 0) == 0) return false;
  return std::all_of(
      subject.begin(), subject.begin() + static_cast<std::ptrdiff_t>(equals),
      [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.'; });
}

MllpChannelConfig read_mllp_channel(JsonObjectReader& ch, const fs::path& base) {
  MllpChannelConfig out;
  out.name = ch.required_string("name");
  ch.string("type");  // checked by the caller
  out.bind = ch.string_or("bind", out.bind);
  out.port = static_cast<uint16_t>(ch.integer_or("port", out.port, 0, 65535));
  out.max_connections = ch.integer_or("max_connections", out.max_connections, 1, 10000);
  out.idle_timeout_seconds =
      static_cast<int>(ch.integer_or("idle_timeout_seconds", out.idle_timeout_seconds, 1, 86400));
  out.max_frame_bytes =
      ch.integer_or("max_frame_bytes", out.max_frame_bytes, 1024, int64_t{256} << 20);
  out.max_connections_per_client =
      ch.integer_or("max_connections_per_client", out.max_connections_per_client, 0, 10000);
  out.frame_timeout_seconds =
      static_cast<int>(ch.integer_or("frame_timeout_seconds", out.frame_timeout_seconds, 1, 86400));
  if (auto limit = ch.object("rate_limit"))
    out.rate_limit = read_rate_limit(*limit, "messages_per_second");
  if (auto tls = ch.object("tls")) {
    out.tls = read_tls(*tls, base, /*server=*/true);
    tls->reject_unknown_keys();
  }
  ch.each_object("allowed_senders", [&](JsonObjectReader& sender) {
    AllowedSender s;
    s.application = sender.required_string("application");
    s.facility = sender.string_or("facility", "");
    s.certificate_subject = sender.string_or("certificate_subject", "");
    if (!s.certificate_subject.empty() && !(out.tls && out.tls->require_client_certificate)) {
      sender.fail("certificate_subject",
                  "a certificate subject needs tls.require_client_certificate on the channel");
    }
    if (!s.certificate_subject.empty() && !rfc2253_in_certificate_order(s.certificate_subject)) {
      sender.fail("certificate_subject",
                  "expected the subject as `openssl x509 -noout -subject -nameopt "
                  "RFC2253,-dn_rev` prints it after subject=, e.g. \"CN=clinic-ehr,O=North "
                  "Clinic\"");
    }
    out.allowed_senders.push_back(std::move(s));
  });
  return out;
}

BusConfig read_bus(JsonObjectReader& bus) {
  BusConfig out;
  out.type = bus.string_or("type", out.type);
  if (out.type != "embedded" && out.type != "kafka")
    bus.fail("type", "expected \"embedded\" or \"kafka\"");
  out.max_attempts = static_cast<int>(bus.integer_or("max_attempts", out.max_attempts, 1, 1000));
  if (auto kafka = bus.object("kafka")) {
    out.kafka_bootstrap = kafka->string_or("bootstrap", "");
    if (auto properties = kafka->object("properties")) {
      for (const auto& member : properties->members()) {
        if (!member.second->IsString()) properties->fail(member.first.c_str(), "expected a string");
        out.kafka_properties[member.first] = member.second->GetString();
      }
    }
    kafka->reject_unknown_keys();
  }
  if (out.type == "kafka" && out.kafka_bootstrap.empty()) {
    bus.fail("kafka", "the kafka bus needs kafka.bootstrap (host:port)");
  }
  if (auto topics = bus.object("topics")) {
    bus::Topics& t = out.topics;
    const std::pair<const char*, std::string*> names[] = {{"orders", &t.orders},
                                                          {"plans", &t.plans},
                                                          {"order_status", &t.order_status},
                                                          {"pump_events", &t.pump_events},
                                                          {"administrations", &t.administrations},
                                                          {"observations", &t.observations},
                                                          {"alerts", &t.alerts}};
    for (const auto& [key, name] : names) *name = topics->string_or(key, *name);
    topics->reject_unknown_keys();
  }
  return out;
}

PumpEndpointConfig read_pump_endpoint(JsonObjectReader& ep, const fs::path& base) {
  PumpEndpointConfig out;
  out.host = ep.required_string("host");
  out.port = static_cast<uint16_t>(ep.integer_or("port", 0, 1, 65535));
  if (out.port == 0) ep.fail("port", "expected the pump endpoint's port (1-65535)");
  out.timeout_seconds =
      static_cast<int>(ep.integer_or("timeout_seconds", out.timeout_seconds, 1, 600));
  out.attempts = static_cast<int>(ep.integer_or("attempts", out.attempts, 1, 100));
  out.sending_application = ep.string_or("sending_application", out.sending_application);
  out.sending_facility = ep.string_or("sending_facility", out.sending_facility);
  out.receiving_application = ep.string_or("receiving_application", out.receiving_application);
  out.receiving_facility = ep.string_or("receiving_facility", out.receiving_facility);
  if (auto tls = ep.object("tls")) {
    out.tls = read_tls(*tls, base, /*server=*/false);
    tls->reject_unknown_keys();
  }
  return out;
}

AuthConfig read_auth(JsonObjectReader& auth, const fs::path& base) {
  AuthConfig out;
  out.mode = auth.string_or("mode", "");
  if (!out.mode.empty() && out.mode != "off" && out.mode != "required")
    auth.fail("mode", "expected \"off\" or \"required\"");
  out.jwks_file = resolve(base, auth.string_or("jwks_file", ""));
  out.issuer = auth.string_or("issuer", "");
  out.audience = auth.string_or("audience", "");
  out.clock_skew_seconds =
      static_cast<int>(auth.integer_or("clock_skew_seconds", out.clock_skew_seconds, 0, 600));
  if (!out.jwks_file.empty() && !fs::exists(out.jwks_file))
    auth.fail("jwks_file", "file not found: " + out.jwks_file);
  out.jwks_url = auth.string_or("jwks_url", "");
  if (!out.jwks_url.empty() && out.jwks_url.rfind("https://", 0) != 0)
    auth.fail("jwks_url", "expected an https:// URL (keys fetched in the clear could be replaced)");
  if (!out.jwks_url.empty() && !out.jwks_file.empty())
    auth.fail("jwks_url", "set jwks_file or jwks_url, not both");
  out.jwks_refresh_seconds = static_cast<int>(
      auth.integer_or("jwks_refresh_seconds", out.jwks_refresh_seconds, 10, 86400));
  if (auto tls = auth.object("jwks_tls")) {
    out.jwks_tls = read_tls(*tls, base, /*server=*/false);
    tls->reject_unknown_keys();
  }
  if (out.mode == "required") {
    if (out.jwks_file.empty() && out.jwks_url.empty())
      auth.fail("jwks_file", "mode \"required\" needs jwks_file or jwks_url");
    const std::pair<const char*, const std::string*> needed[] = {{"issuer", &out.issuer},
                                                                 {"audience", &out.audience}};
    for (const auto& [key, value] : needed) {
      if (value->empty())
        auth.fail(key, "mode \"required\" needs jwks_file or jwks_url, issuer and audience");
    }
  }
  return out;
}

// The resource types the outbound module writes, which a FHIR destination may select.
constexpr const char* kPushableTypes[] = {
    "MedicationAdministration", "Observation", "DetectedIssue", "MedicationRequest",
    "ServiceRequest",           "Patient",     "Device"};

PushAuthConfig read_push_auth(JsonObjectReader& auth, const fs::path& base) {
  PushAuthConfig out;
  out.type = auth.string_or("type", out.type);
  if (out.type == "bearer") {
    out.bearer_token_file = resolve(base, auth.required_string("bearer_token_file"));
    if (!fs::exists(out.bearer_token_file))
      auth.fail("bearer_token_file", "file not found: " + out.bearer_token_file);
  } else if (out.type == "smart-backend") {
    out.token_url = auth.required_string("token_url");
    out.client_id = auth.required_string("client_id");
    out.private_key = resolve(base, auth.required_string("private_key"));
    if (!fs::exists(out.private_key))
      auth.fail("private_key", "file not found: " + out.private_key);
    out.key_id = auth.string_or("key_id", "");
    out.algorithm = auth.string_or("algorithm", out.algorithm);
    if (out.algorithm != "RS384" && out.algorithm != "ES384")
      auth.fail("algorithm", "expected \"RS384\" or \"ES384\"");
    out.scope = auth.string_or("scope", out.scope);
  } else if (out.type != "none") {
    auth.fail("type", "expected \"none\", \"bearer\" or \"smart-backend\"");
  }
  return out;
}

PushDestinationConfig read_push_destination(JsonObjectReader& d, const fs::path& base) {
  PushDestinationConfig out;
  out.name = d.required_string("name");
  out.type = d.string_or("type", out.type);
  if (out.type == "fhir") {
    out.base_url = d.required_string("base_url");
    if (out.base_url.rfind("http://", 0) != 0 && out.base_url.rfind("https://", 0) != 0)
      d.fail("base_url", "expected an http:// or https:// URL");
    if (auto auth = d.object("auth")) {
      out.auth = read_push_auth(*auth, base);
      auth->reject_unknown_keys();
    }
    out.resource_types = d.string_list("resource_types");
    for (const std::string& type : out.resource_types) {
      if (std::find(std::begin(kPushableTypes), std::end(kPushableTypes), type) ==
          std::end(kPushableTypes)) {
        d.fail("resource_types",
               "expected types of MedicationAdministration, Observation, DetectedIssue, "
               "MedicationRequest, ServiceRequest, Patient, Device (got \"" +
                   type + "\")");
      }
    }
  } else if (out.type == "hl7v2") {
    out.host = d.required_string("host");
    out.port = static_cast<uint16_t>(d.integer_or("port", 0, 1, 65535));
    if (out.port == 0) d.fail("port", "expected the destination's MLLP port (1-65535)");
    out.sending_application = d.string_or("sending_application", out.sending_application);
    out.sending_facility = d.string_or("sending_facility", out.sending_facility);
    out.receiving_application = d.string_or("receiving_application", "");
    out.receiving_facility = d.string_or("receiving_facility", "");
  } else {
    d.fail("type", "expected \"fhir\" or \"hl7v2\"");
  }
  if (auto tls = d.object("tls")) {
    out.tls = read_tls(*tls, base, /*server=*/false);
    tls->reject_unknown_keys();
  }
  out.timeout_seconds =
      static_cast<int>(d.integer_or("timeout_seconds", out.timeout_seconds, 1, 600));
  out.max_attempts = static_cast<int>(d.integer_or("max_attempts", out.max_attempts, 1, 1000));
  out.initial_backoff_ms =
      static_cast<int>(d.integer_or("initial_backoff_ms", out.initial_backoff_ms, 1, 3600000));
  out.max_backoff_ms =
      static_cast<int>(d.integer_or("max_backoff_ms", out.max_backoff_ms, 1, 86400000));
  if (out.max_backoff_ms < out.initial_backoff_ms)
    d.fail("max_backoff_ms", "expected at least initial_backoff_ms");
  return out;
}

}  // namespace

GatewayConfig load_gateway_config(const std::string& path) {
  rapidjson::Document doc;
  parse_json_file(path, doc);
  const fs::path base = fs::absolute(path).parent_path();

  GatewayConfig config;
  config.file = path;
  JsonObjectReader root(path, "", doc);
  config.data_dir = resolve(base, root.string_or("data_dir", config.data_dir));
  config.log_level = root.string_or("log_level", config.log_level);
  config.mappings_dir = resolve(base, root.string_or("mappings_dir", config.mappings_dir));
  if (config.log_level != "debug" && config.log_level != "info" && config.log_level != "warning" &&
      config.log_level != "error") {
    root.fail("log_level", "expected one of debug, info, warning, error");
  }
  if (auto store = root.object("store")) {
    config.journal_file = store->string_or("journal", config.journal_file);
    config.journal_max_batch =
        store->integer_or("group_commit_max_batch", config.journal_max_batch, 1, 100000);
    config.resource_store_url = store->string_or("resources", "");
    if (!config.resource_store_url.empty() &&
        config.resource_store_url.rfind("postgresql://", 0) != 0 &&
        config.resource_store_url.rfind("postgres://", 0) != 0) {
      store->fail("resources", "expected a postgresql:// URL");
    }
    config.resource_store_max_connections = store->integer_or(
        "resources_max_connections", config.resource_store_max_connections, 1, 1000);
    store->reject_unknown_keys();
  }
  if (auto limits = root.object("hl7v2_limits")) {
    config.hl7v2.max_message_bytes = limits->integer_or(
        "max_message_bytes", config.hl7v2.max_message_bytes, 64, int64_t{256} << 20);
    config.hl7v2.max_segments =
        limits->integer_or("max_segments", config.hl7v2.max_segments, 1, 1000000);
    config.hl7v2.max_field_bytes =
        limits->integer_or("max_field_bytes", config.hl7v2.max_field_bytes, 16, int64_t{256} << 20);
    limits->reject_unknown_keys();
  }
  if (auto http = root.object("http")) {
    HttpConfig h;
    h.bind = http->string_or("bind", h.bind);
    h.port = static_cast<uint16_t>(http->integer_or("port", h.port, 0, 65535));
    h.max_threads = http->integer_or("max_threads", h.max_threads, 1, 1024);
    h.max_queued = http->integer_or("max_queued", h.max_queued, 1, 100000);
    h.max_body_bytes =
        http->integer_or("max_body_bytes", h.max_body_bytes, 1024, int64_t{256} << 20);
    h.keep_alive_seconds =
        static_cast<int>(http->integer_or("keep_alive_seconds", h.keep_alive_seconds, 1, 3600));
    h.request_timeout_seconds = static_cast<int>(
        http->integer_or("request_timeout_seconds", h.request_timeout_seconds, 1, 3600));
    h.request_header_timeout_seconds = static_cast<int>(http->integer_or(
        "request_header_timeout_seconds", h.request_header_timeout_seconds, 1, 3600));
    h.request_body_timeout_seconds = static_cast<int>(
        http->integer_or("request_body_timeout_seconds", h.request_body_timeout_seconds, 1, 3600));
    h.max_header_fields = http->integer_or("max_header_fields", h.max_header_fields, 1, 100);
    h.max_header_bytes =
        http->integer_or("max_header_bytes", h.max_header_bytes, 1024, int64_t{1} << 20);
    h.max_connections_per_client =
        http->integer_or("max_connections_per_client", h.max_connections_per_client, 0, 100000);
    if (auto limit = http->object("rate_limit"))
      h.rate_limit = read_rate_limit(*limit, "requests_per_second");
    h.public_base_url = http->string_or("public_base_url", h.public_base_url);
    if (auto tls = http->object("tls")) {
      h.tls = read_tls(*tls, base, /*server=*/true);
      tls->reject_unknown_keys();
    }
    http->reject_unknown_keys();
    config.http = h;
  }
  if (auto auth = root.object("auth")) {
    config.auth = read_auth(*auth, base);
    auth->reject_unknown_keys();
  }
  if (auto audit = root.object("audit")) {
    config.audit.enabled = audit->boolean_or("enabled", config.audit.enabled);
    config.audit.store = audit->string_or("store", "");
    if (!config.audit.store.empty() && config.audit.store.rfind("postgresql://", 0) != 0 &&
        config.audit.store.rfind("postgres://", 0) != 0) {
      audit->fail("store", "expected a postgresql:// URL (empty: data_dir/audit.db)");
    }
    config.audit.queue_limit =
        audit->integer_or("queue_limit", config.audit.queue_limit, 1, 10000000);
    audit->reject_unknown_keys();
  }
  if (auto bus = root.object("bus")) {
    config.bus = read_bus(*bus);
    bus->reject_unknown_keys();
  }
  config.drug_library = resolve(base, root.string_or("drug_library", config.drug_library));
  config.pump_control = resolve(base, root.string_or("pump_control", config.pump_control));
  config.fhir_profiles = resolve(base, root.string_or("fhir_profiles", config.fhir_profiles));
  if (auto endpoint = root.object("pump_endpoint")) {
    config.pump_endpoint = read_pump_endpoint(*endpoint, base);
    endpoint->reject_unknown_keys();
  }
  std::set<std::string> names;
  root.each_object("channels", [&](JsonObjectReader& ch) {
    const std::string type = ch.string_or("type", "");
    if (type != "mllp") ch.fail("type", "expected \"mllp\"");
    MllpChannelConfig channel = read_mllp_channel(ch, base);
    if (!names.insert(channel.name).second) ch.fail("name", "channel names must be unique");
    config.mllp_channels.push_back(std::move(channel));
  });
  std::set<std::string> push_names;
  root.each_object("push", [&](JsonObjectReader& d) {
    PushDestinationConfig destination = read_push_destination(d, base);
    if (!push_names.insert(destination.name).second)
      d.fail("name", "push destination names must be unique");
    config.push_destinations.push_back(std::move(destination));
  });
  root.reject_unknown_keys();
  return config;
}

}  // namespace titrate::config
