#include "connectors/http/status_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

namespace titrate::http {
namespace {

using Poco::Net::HTTPResponse;

class StatusHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit StatusHandler(const std::function<StatusSnapshot()>& snapshot) : snapshot_(snapshot) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    const std::string& uri = request.getURI();
    std::string body;
    if (request.getMethod() != "GET") {
      response.setStatusAndReason(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
      body = "method not allowed\n";
      response.setContentType("text/plain");
    } else if (uri == "/health") {
      response.setContentType("application/json");
      body = "{\"status\":\"ok\"}\n";
    } else if (uri == "/metrics") {
      response.setContentType("text/plain; version=0.0.4");
      body = render_metrics(snapshot_());
    } else {
      response.setStatusAndReason(HTTPResponse::HTTP_NOT_FOUND);
      response.setContentType("text/plain");
      body = "not found\n";
    }
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send().write(body.data(), static_cast<std::streamsize>(body.size()));
  }

 private:
  const std::function<StatusSnapshot()>& snapshot_;
};

class StatusHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit StatusHandlerFactory(const std::function<StatusSnapshot()>& snapshot)
      : snapshot_(snapshot) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new StatusHandler(snapshot_);
  }

 private:
  const std::function<StatusSnapshot()>& snapshot_;
};

void counter(std::string& out, const char* name, const char* help, uint64_t value,
             const std::string& labels = "") {
  out += "# HELP titrate_";
  out += name;
  out += " ";
  out += help;
  out += "\n# TYPE titrate_";
  out += name;
  out += " counter\ntitrate_";
  out += name;
  out += labels;
  out += " ";
  out += std::to_string(value);
  out += "\n";
}

}  // namespace

std::string render_metrics(const StatusSnapshot& s) {
  std::string out;
  counter(out, "journal_appended_total", "Messages made durable in the journal.",
          s.journal.appended);
  counter(out, "journal_duplicates_total", "Duplicate messages answered with the original ack.",
          s.journal.duplicates);
  counter(out, "journal_commits_total", "Group commits (one sync each).", s.journal.commits);
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

StatusServer::StatusServer(const config::HttpConfig& config,
                           std::function<StatusSnapshot()> snapshot)
    : config_(config), snapshot_(std::move(snapshot)) {}

StatusServer::~StatusServer() {
  stop();
}

void StatusServer::start() {
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress(config_.bind, config_.port), true);
  socket.listen(64);
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(static_cast<int>(config_.max_threads));
  params->setMaxQueued(static_cast<int>(config_.max_queued));
  server_ =
      std::make_unique<Poco::Net::HTTPServer>(new StatusHandlerFactory(snapshot_), socket, params);
  server_->start();
}

void StatusServer::stop() {
  if (server_) {
    server_->stopAll(true);
    server_.reset();
  }
}

std::string StatusServer::address() const {
  return server_->socket().address().toString();
}

}  // namespace titrate::http
