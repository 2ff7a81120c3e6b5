#include "connectors/http/status_routes.h"

namespace titrate::http {
namespace {

void counter(std::string& out, const char* name, const char* help, uint64_t value,
             const std::string& labels = "") {
  out.append("# HELP titrate_").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE titrate_").append(name).append(" counter\n");
  out.append("titrate_")
      .append(name)
      .append(labels)
      .append(" ")
      .append(std::to_string(value))
      .append("\n");
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
  for (const ChannelStatus& c : s.channels) {
    const std::string labels = "{channel=\"" + c.name + "\"}";
    counter(out, "mllp_connections_accepted_total", "MLLP connections accepted.", c.stats->accepted,
            labels);
    counter(out, "mllp_connections_refused_total", "MLLP connections refused at max_connections.",
            c.stats->refused, labels);
    counter(out, "mllp_frames_total", "MLLP frames received.", c.stats->frames, labels);
    counter(out, "mllp_oversized_frames_total", "Frames over max_frame_bytes.", c.stats->oversized,
            labels);
    counter(out, "mllp_garbage_bytes_total", "Bytes received outside MLLP frames.",
            c.stats->garbage_bytes, labels);
    counter(out, "mllp_idle_timeouts_total", "Connections closed after the idle timeout.",
            c.stats->idle_timeouts, labels);
    counter(out, "mllp_tls_failures_total", "Failed TLS handshakes.", c.stats->tls_failures,
            labels);
  }
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
