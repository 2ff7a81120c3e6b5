#include "connectors/http/http_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <strings.h>

#include "connectors/http/guarded_connection.h"
#include "connectors/http/refusal_response.h"
#include "connectors/tls/tls_context.h"
#include "gateway/log/log.h"

namespace titrate::http {
namespace {

bool matches(const Route& route, const std::string& method, const std::string& path) {
  if (route.method != method) return false;
  if (!route.path.empty() && route.path.back() == '/') return path.rfind(route.path, 0) == 0;
  return path == route.path;
}

Response plain(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// A body over the limit is read and dropped (up to this much) so that the client, which is
// usually still sending, gets the 413 rather than a reset connection.
constexpr std::streamsize kMaxDrainBytes = std::streamsize{64} << 20;

void drain(std::istream& in) {
  char buffer[16384];
  std::streamsize total = 0;
  while (in && total < kMaxDrainBytes) {
    in.read(buffer, sizeof buffer);
    total += in.gcount();
  }
}

// Reads at most limit + 1 bytes so an oversized body is recognised without buffering it all.
bool read_body(std::istream& in, size_t limit, std::string& body) {
  char buffer[16384];
  while (in) {
    in.read(buffer, sizeof buffer);
    body.append(buffer, static_cast<size_t>(in.gcount()));
    if (body.size() > limit) return false;
  }
  return true;
}

// A request with neither Content-Length nor chunked encoding has no body (RFC 9112 6.3); POCO
// would read a PUT or POST like that until the connection closes.
bool has_body(const Poco::Net::HTTPServerRequest& in) {
  return in.hasContentLength() || in.getChunkedTransferEncoding();
}

// Routes one request. The body is read under the connection's body deadline (request_body_
// timeout_seconds), which is disarmed before the route's handler runs.
class Dispatcher : public Poco::Net::HTTPRequestHandler {
 public:
  Dispatcher(const std::vector<Route>& routes, size_t max_body, HttpLimits& limits,
             RequestDeadlines::Watch& watch)
      : routes_(routes), max_body_(max_body), limits_(limits), watch_(watch) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    Request request;
    request.method = in.getMethod();
    const std::string& uri = in.getURI();
    const size_t q = uri.find('?');
    request.path = uri.substr(0, q);
    if (q != std::string::npos) request.query = uri.substr(q + 1);
    for (const auto& [name, value] : in) request.headers.emplace_back(name, value);
    request.peer = in.clientAddress().toString();
    request.secure = in.secure();
    const std::string client = in.clientAddress().host().toString();

    Response response;
    const Route* route = nullptr;
    bool path_known = false;
    for (const Route& r : routes_) {
      if (matches(r, request.method, request.path)) {
        route = &r;
        break;
      }
      Route any_method = r;
      any_method.method = request.method;
      path_known = path_known || matches(any_method, request.method, request.path);
    }
    const std::optional<int> retry_after = limits_.throttle(client);
    if (retry_after) {
      const std::string text =
          "rate limit exceeded (" + std::to_string(limits_.config().rate_limit.per_second) +
          " requests per second per client); retry after " + std::to_string(*retry_after) + " s";
      limits_.refused(Refusal::kRateLimit, client, text);
      response = refusal_response(429, request.path, "throttled", text);
      response.headers.emplace_back("Retry-After", std::to_string(*retry_after));
      if (has_body(in)) out.setKeepAlive(false);  // the unread body would follow
    } else if (!route) {
      response = path_known ? plain(405, "method not allowed\n") : plain(404, "not found\n");
      if (has_body(in)) out.setKeepAlive(false);
    } else if (has_body(in) && !read_body(in.stream(), max_body_, request.body)) {
      if (!watch_.expired()) drain(in.stream());
      if (watch_.expired()) {
        response = slow_body(request.path, client);
      } else {
        const std::string text = "request body exceeds " + std::to_string(max_body_) + " bytes";
        limits_.refused(Refusal::kBodyTooLarge, client, text + " (max_body_bytes)");
        response = refusal_response(413, request.path, "too-long", text);
      }
      out.setKeepAlive(false);
    } else if (watch_.expired()) {
      response = slow_body(request.path, client);
      out.setKeepAlive(false);
    } else {
      watch_.disarm();
      try {
        response = route->handler(request);
      } catch (const std::exception& e) {
        TITRATE_LOG_ERROR("http %s %s failed: %s", request.method.c_str(), request.path.c_str(),
                          e.what());
        response = plain(500, "internal error\n");
      }
    }
    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out.setContentType(response.content_type);
    for (const auto& [name, value] : response.headers) out.set(name, value);
    out.setContentLength(static_cast<std::streamsize>(response.body.size()));
    out.send().write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
  }

 private:
  Response slow_body(const std::string& path, const std::string& client) {
    const std::string text = "request body not received within request_body_timeout_seconds (" +
                             std::to_string(limits_.config().request_body_timeout_seconds) + " s)";
    limits_.refused(Refusal::kSlowClient, client, text);
    return refusal_response(408, path, "timeout", text);
  }

  const std::vector<Route>& routes_;
  size_t max_body_;
  HttpLimits& limits_;
  RequestDeadlines::Watch& watch_;
};

}  // namespace

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string header_value(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0)
      return value;
  }
  return {};
}

HttpServer::HttpServer(const config::HttpConfig& config, std::vector<Route> routes)
    : config_(config), routes_(std::move(routes)), limits_(std::make_unique<HttpLimits>(config)) {}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::start() {
  // A SecureServerSocket shares its implementation (and TLS context) with the copy HTTPServer
  // keeps; connections complete their handshake on the first read in the worker thread.
  Poco::Net::ServerSocket socket;
  if (config_.tls) socket = Poco::Net::SecureServerSocket(tls::make_server_context(*config_.tls));
  socket.bind(Poco::Net::SocketAddress(config_.bind, config_.port), true);
  socket.listen(static_cast<int>(std::max<size_t>(64, config_.max_queued)));
  // Shared by the server and the connection factory, hence counted (never a raw pointer twice).
  Poco::Net::HTTPServerParams::Ptr params(new Poco::Net::HTTPServerParams);
  const int threads = static_cast<int>(std::max<size_t>(1, config_.max_threads));
  params->setMaxThreads(threads);
  params->setMaxQueued(static_cast<int>(config_.max_queued));
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(1000);
  params->setKeepAliveTimeout(Poco::Timespan(config_.keep_alive_seconds, 0));
  params->setTimeout(Poco::Timespan(config_.request_timeout_seconds, 0));
  pool_ = std::make_unique<Poco::ThreadPool>(std::min(2, threads), threads);
  // POCO's HTTPServer is a TCPServer with HTTPServerConnections; GuardedConnectionFactory's
  // connections serve requests the same way and add the abuse limits (http_limits.h).
  deadlines_ = std::make_unique<RequestDeadlines>();
  auto handler = [this](Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
                        RequestDeadlines::Watch& watch) {
    Dispatcher(routes_, config_.max_body_bytes, *limits_, watch).handleRequest(in, out);
  };
  server_ = std::make_unique<Poco::Net::TCPServer>(
      new GuardedConnectionFactory(params, *limits_, *deadlines_, handler), *pool_, socket, params);
  server_->start();
}

void HttpServer::stop() {
  if (server_) {
    server_->stop();
    deadlines_->abort_all();  // ends keep-alive waits and requests in progress
    server_.reset();
    pool_->joinAll();
    pool_.reset();
    deadlines_.reset();
  }
}

std::string HttpServer::address() const {
  return server_->socket().address().toString();
}

}  // namespace titrate::http
