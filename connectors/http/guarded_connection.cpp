#include "connectors/http/guarded_connection.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Timestamp.h>

#include <optional>
#include <string_view>

#include "connectors/http/refusal_response.h"

namespace titrate::http {
namespace {

using Poco::Net::HTTPResponse;

// Sends a refusal and ends the connection's keep-alive.
void send_refusal(Poco::Net::HTTPServerSession& session, const Response& refusal) {
  try {
    Poco::Net::HTTPServerResponseImpl response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatus(static_cast<HTTPResponse::HTTPStatus>(refusal.status));
    response.setKeepAlive(false);
    response.setContentType(refusal.content_type);
    for (const auto& [name, value] : refusal.headers) response.set(name, value);
    response.setContentLength(static_cast<std::streamsize>(refusal.body.size()));
    response.send().write(refusal.body.data(), static_cast<std::streamsize>(refusal.body.size()));
    session.setKeepAlive(false);
  } catch (const Poco::Exception&) {
    // The client is gone: nothing to tell it.
  }
}

constexpr std::string_view kPocoHeaderLimits =
    "request header over POCO's limits (100 fields, 256-byte names, 8 KiB values): ";

// POCO's MessageHeader messages for a header over its hard limits.
bool header_limit_message(const std::string& message) {
  return message.find("Too many header fields") != std::string::npos ||
         message.find("Field name too long") != std::string::npos ||
         message.find("Field value too long") != std::string::npos;
}

// The reason a parsed request's header breaks max_header_fields or max_header_bytes.
std::optional<std::string> header_limit(const Poco::Net::HTTPServerRequest& request,
                                        const config::HttpConfig& config) {
  if (request.size() > config.max_header_fields) {
    return std::to_string(request.size()) + " header fields exceed max_header_fields (" +
           std::to_string(config.max_header_fields) + ")";
  }
  size_t bytes = request.getMethod().size() + request.getURI().size() + 12;
  for (const auto& [name, value] : request) bytes += name.size() + value.size() + 4;
  if (bytes > config.max_header_bytes) {
    return "request header of " + std::to_string(bytes) + " bytes exceeds max_header_bytes (" +
           std::to_string(config.max_header_bytes) + ")";
  }
  return std::nullopt;
}

class GuardedConnection : public Poco::Net::TCPServerConnection {
 public:
  GuardedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    HttpLimits& limits, RequestDeadlines& deadlines, const GuardedHandler& handler)
      : TCPServerConnection(socket),
        params_(std::move(params)),
        limits_(limits),
        deadlines_(deadlines),
        handler_(handler) {}

  void run() override {
    std::string client;
    try {
      client = socket().peerAddress().host().toString();
    } catch (const Poco::Exception&) {
      return;  // already disconnected
    }
    const config::HttpConfig& config = limits_.config();
    limits::ConnectionSlot slot(limits_.connections(), client, config.max_connections_per_client);
    Poco::Net::HTTPServerSession session(socket(), params_);
    if (!slot.held()) {
      const std::string text =
          "too many connections from this address (max_connections_per_client " +
          std::to_string(config.max_connections_per_client) + ")";
      limits_.refused(Refusal::kConnectionsPerClient, client, text);
      Response refusal = refusal_response(429, "", "throttled", text);
      refusal.headers.emplace_back("Retry-After", "1");
      send_refusal(session, refusal);
      return;
    }
    RequestDeadlines::Watch watch(deadlines_, socket());
    const std::string server = params_->getSoftwareVersion();
    // The header deadline of the first request runs from the accept (a client that connects
    // and sends nothing is cut off too); a later one from the moment it starts arriving, after
    // up to keep_alive_seconds of waiting.
    watch.arm(config.request_header_timeout_seconds);
    bool first = true;
    while (session.hasMoreRequests()) {
      if (!first) watch.arm(config.request_header_timeout_seconds);
      first = false;
      std::string path;
      try {
        Poco::Net::HTTPServerResponseImpl response(session);
        Poco::Net::HTTPServerRequestImpl request(response, session, params_);
        path = request.getURI();
        if (watch.expired()) {
          slow_client(session, client, path);
          break;
        }
        if (std::optional<std::string> limit = header_limit(request, config)) {
          limits_.refused(Refusal::kHeaderLimit, client, *limit);
          send_refusal(session, refusal_response(431, path, "too-long", *limit));
          break;
        }
        watch.arm(config.request_body_timeout_seconds);
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() &&
                              session.canKeepAlive());
        if (!server.empty()) response.set("Server", server);
        if (request.getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK)
          response.sendContinue();
        handler_(request, response, watch);
        watch.disarm();
        session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() &&
                             session.canKeepAlive());
      } catch (const Poco::Net::NoMessageException&) {
        if (watch.expired()) slow_client(session, client, path);
        break;
      } catch (const Poco::Net::MessageException& e) {
        if (watch.expired()) {
          slow_client(session, client, path);
        } else if (e.message().find("URI invalid or too long") != std::string::npos) {
          const std::string text = "request line over POCO's limit (16 KiB URI): " + e.message();
          limits_.refused(Refusal::kHeaderLimit, client, text);
          send_refusal(session, refusal_response(414, path, "too-long", text));
        } else if (header_limit_message(e.message())) {
          const std::string text = std::string(kPocoHeaderLimits) + e.message();
          limits_.refused(Refusal::kHeaderLimit, client, text);
          send_refusal(session, refusal_response(431, path, "too-long", text));
        } else {
          limits_.refused(Refusal::kBadRequest, client, e.message());
          send_refusal(session,
                       refusal_response(400, path, "structure", "bad request: " + e.message()));
        }
        break;
      } catch (const Poco::Exception&) {
        // A network error or timeout: the connection is unusable.
        if (watch.expired()) slow_client(session, client, path);
        break;
      }
    }
  }

 private:
  void slow_client(Poco::Net::HTTPServerSession& session, const std::string& client,
                   const std::string& path) {
    const std::string text =
        "request headers not received within request_header_timeout_seconds (" +
        std::to_string(limits_.config().request_header_timeout_seconds) + " s)";
    limits_.refused(Refusal::kSlowClient, client, text);
    send_refusal(session, refusal_response(408, path, "timeout", text));
  }

  Poco::Net::HTTPServerParams::Ptr params_;
  HttpLimits& limits_;
  RequestDeadlines& deadlines_;
  const GuardedHandler& handler_;
};

}  // namespace

GuardedConnectionFactory::GuardedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                                                   HttpLimits& limits, RequestDeadlines& deadlines,
                                                   GuardedHandler handler)
    : params_(std::move(params)),
      limits_(limits),
      deadlines_(deadlines),
      handler_(std::move(handler)) {}

Poco::Net::TCPServerConnection* GuardedConnectionFactory::createConnection(
    const Poco::Net::StreamSocket& socket) {
  return new GuardedConnection(socket, params_, limits_, deadlines_, handler_);
}

}  // namespace titrate::http
