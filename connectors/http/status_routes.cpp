#include "connectors/http/status_routes.h"

namespace titrate::http {
namespace {

void header(std::string& out, const char* type, const char* name, const char* help) {
  out.append("# HELP titrate_").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE titrate_").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, const char* name, const std::string& labels, uint64_t value) {
  out.append("titrate_")
      .append(name)
      .append(labels)
      .append(" ")
      .append(std::to_string(value))
      .append("\n");
}

void counter(std::string& out, const char* name, const char* help, uint64_t value) {
  header(out, "counter", name, help);
  sample(out, name, "", value);
}

// One metric over labelled items (channels, destinations): HELP and TYPE once, as the
// exposition format requires, then one sample per item.
template <typename Item, typename Value>
void family(std::string& out, const char* type, const char* name, const char* help,
            const std::vector<Item>& items, const char* label, Value value) {
  if (items.empty()) return;
  header(out, type, name, help);
  for (const Item& item : items) {
    sample(out, name, std::string("{") + label + "=\"" + item.name + "\"}", value(item));
  }
}

// The abuse limits (http_limits.h, mllp_server.h): one family per listener kind, labelled by
// reason, every reason present (zero included) so that rate() works from the start.
void refusal_metrics(std::string& out, const StatusSnapshot& s) {
  if (s.http_refusals) {
    header(out, "counter", "http_refused_total",
           "HTTP requests or connections refused by a limit.");
    for (size_t i = 0; i < kRefusalKinds; ++i) {
      const auto kind = static_cast<Refusal>(i);
      sample(out, "http_refused_total", std::string("{reason=\"") + refusal_label(kind) + "\"}",
             s.http_refusals->count(kind));
    }
  }
  if (s.channels.empty()) return;
  header(out, "counter", "mllp_refused_total",
         "MLLP connections, frames or messages refused by a limit.");
  for (const ChannelStatus& c : s.channels) {
    const std::pair<const char*, uint64_t> reasons[] = {
        {"max_connections", c.stats->refused},
        {"max_connections_per_client", c.stats->refused_per_client},
        {"rate_limit", c.stats->rate_limited},
        {"frame_timeout", c.stats->frame_timeouts},
        {"frame_too_large", c.stats->oversized}};
    for (const auto& [reason, value] : reasons) {
      sample(out, "mllp_refused_total", "{channel=\"" + c.name + "\",reason=\"" + reason + "\"}",
             value);
    }
  }
}

}  // namespace

std::string render_metrics(const StatusSnapshot& s) {
  std::string out;
  counter(out, "journal_appended_total", "Messages made durable in the journal.",
          s.journal.appended);
  counter(out, "journal_duplicates_total", "Duplicate messages answered with the original ack.",
          s.journal.duplicates);
  counter(out, "journal_commits_total", "Group commits (one sync each).", s.journal.commits);
  counter(out, "mapped_patients_total", "Patient contexts mapped from inbound messages.",
          s.mapped_patients);
  counter(out, "mapped_orders_total", "Infusion orders mapped from inbound messages.",
          s.mapped_orders);
  counter(out, "mapping_failures_total", "Inbound messages that could not be mapped.",
          s.mapping_failures);
  counter(out, "bus_published_total", "Events published by this process's modules.",
          s.bus.published);
  counter(out, "bus_consumed_total", "Events handled by this process's consumers.", s.bus.consumed);
  counter(out, "bus_duplicates_skipped_total", "Events skipped as already handled (by event id).",
          s.bus.duplicates_skipped);
  counter(out, "bus_handler_failures_total", "Handler attempts that failed (retried).",
          s.bus.handler_failures);
  counter(out, "bus_dead_lettered_total", "Events dead-lettered after the last attempt.",
          s.bus.dead_lettered);
  if (s.outbound) {
    counter(out, "outbound_written_total", "Events whose FHIR resources changed the store.",
            s.outbound->written);
    counter(out, "outbound_unchanged_total", "Events whose resources were already stored.",
            s.outbound->unchanged);
    counter(out, "outbound_skipped_total", "Events with no resource (logged with the event id).",
            s.outbound->skipped);
    counter(out, "outbound_invalid_total",
            "Events dead-lettered because a resource failed validation (a mapper bug).",
            s.outbound->invalid);
  }
  if (s.audit) {
    counter(out, "audit_recorded_total", "AuditEvents recorded.", s.audit->recorded);
    counter(out, "audit_written_total", "AuditEvents durable in the audit store.",
            s.audit->written);
    counter(out, "audit_write_failures_total",
            "Failed audit store writes (retried; the records are kept).", s.audit->write_failures);
    header(out, "gauge", "audit_queued", "AuditEvents waiting to be written.");
    sample(out, "audit_queued", "", s.audit->queued);
  }
  using Push = push::PushDestinationStats;
  family(out, "counter", "push_delivered_total", "Outbox items the destination accepted.", s.push,
         "destination", [](const Push& d) -> uint64_t { return d.worker.delivered; });
  family(out, "counter", "push_retried_total", "Deliveries that failed and will be tried again.",
         s.push, "destination", [](const Push& d) -> uint64_t { return d.worker.retried; });
  family(out, "counter", "push_dead_lettered_total",
         "Outbox items given up on (titrate outbox retry).", s.push, "destination",
         [](const Push& d) -> uint64_t { return d.worker.dead; });
  family(out, "gauge", "push_pending", "Outbox items waiting for delivery.", s.push, "destination",
         [](const Push& d) -> uint64_t { return d.pending; });
  using Channel = ChannelStatus;
  family(out, "counter", "mllp_connections_accepted_total", "MLLP connections accepted.",
         s.channels, "channel", [](const Channel& c) -> uint64_t { return c.stats->accepted; });
  family(out, "counter", "mllp_connections_refused_total",
         "MLLP connections refused at max_connections.", s.channels, "channel",
         [](const Channel& c) -> uint64_t { return c.stats->refused; });
  family(out, "counter", "mllp_frames_total", "MLLP frames received.", s.channels, "channel",
         [](const Channel& c) -> uint64_t { return c.stats->frames; });
  family(out, "counter", "mllp_oversized_frames_total", "Frames over max_frame_bytes.", s.channels,
         "channel", [](const Channel& c) -> uint64_t { return c.stats->oversized; });
  family(out, "counter", "mllp_garbage_bytes_total", "Bytes received outside MLLP frames.",
         s.channels, "channel",
         [](const Channel& c) -> uint64_t { return c.stats->garbage_bytes; });
  family(out, "counter", "mllp_idle_timeouts_total", "Connections closed after the idle timeout.",
         s.channels, "channel",
         [](const Channel& c) -> uint64_t { return c.stats->idle_timeouts; });
  family(out, "counter", "mllp_tls_failures_total", "Failed TLS handshakes.", s.channels, "channel",
         [](const Channel& c) -> uint64_t { return c.stats->tls_failures; });
  refusal_metrics(out, s);
  return out;
}

std::vector<Route> status_routes(std::function<StatusSnapshot()> snapshot) {
  std::vector<Route> routes;
  routes.push_back({"GET", "/health", [](const Request&) {
                      Response r;
                      r.content_type = "application/json";
                      r.body = "{\"status\":\"ok\"}\n";
                      return r;
                    }});
  routes.push_back({"GET", "/metrics", [snapshot](const Request&) {
                      Response r;
                      r.content_type = "text/plain; version=0.0.4";
                      r.body = render_metrics(snapshot());
                      return r;
                    }});
  return routes;
}

}  // namespace titrate::http
