#pragma once

#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/http/http_limits.h"
#include "gateway/config/gateway_config.h"

namespace titrate::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The value of a header, matched case-insensitively; empty when absent.
std::string header_value(const Headers& headers, std::string_view name);

struct Request {
  std::string method;
  std::string path;   // without the query
  std::string query;  // after '?', still percent-encoded
  Headers headers;
  std::string body;
  std::string peer;     // ip:port
  bool secure = false;  // arrived over TLS (http.tls)
  std::string header(std::string_view name) const { return header_value(headers, name); }
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  Headers headers;
  std::string principal;  // who the request was authenticated as (the auth guard); not sent
  std::string header(std::string_view name) const { return header_value(headers, name); }
};

using Handler = std::function<Response(const Request&)>;

// The non-empty segments of a path: "/fhir//Patient/1" -> {"fhir", "Patient", "1"}.
std::vector<std::string_view> path_segments(std::string_view path);
class RequestDeadlines;

// A route matches a method and either an exact path or a path prefix ending in '/'.
struct Route {
  std::string method;
  std::string path;
  Handler handler;
};

// The HTTP listener (POCO's HTTP server classes): a thread pool and queue sized from config,
// request bodies bounded by max_body_bytes (413 past it), keep-alive, routes tried in order, and
// the abuse limits of http_limits.h (rate limit, header limits, deadlines, connection cap).
class HttpServer {
 public:
  HttpServer(const config::HttpConfig& config, std::vector<Route> routes);
  ~HttpServer();
  void start();
  void stop();
  std::string address() const;
  const HttpRefusalStats& refusal_stats() const { return limits_->stats(); }

 private:
  config::HttpConfig config_;
  std::vector<Route> routes_;
  // The server's own pool of max_threads: POCO's default pool stops at 16 threads whatever
  // HTTPServerParams says.
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<HttpLimits> limits_;
  std::unique_ptr<RequestDeadlines> deadlines_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace titrate::http
