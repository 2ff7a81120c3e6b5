#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gateway/config/gateway_config.h"

namespace titrate::http {

struct Request {
  std::string method;
  std::string path;   // without the query
  std::string query;  // after '?', still percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string peer;                                 // ip:port
  std::string header(std::string_view name) const;  // case-insensitive; empty when absent
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Response(const Request&)>;

// A route matches a method and either an exact path or a path prefix ending in '/'.
struct Route {
  std::string method;
  std::string path;
  Handler handler;
};

// The HTTP listener (POCO HTTPServer): a thread pool and queue sized from config, request
// bodies bounded by max_body_bytes (413 past it), keep-alive, routes tried in order.
class HttpServer {
 public:
  HttpServer(const config::HttpConfig& config, std::vector<Route> routes);
  ~HttpServer();
  void start();
  void stop();
  std::string address() const;

 private:
  config::HttpConfig config_;
  std::vector<Route> routes_;
  // The server's own pool of max_threads: POCO's default pool stops at 16 threads whatever
  // HTTPServerParams says.
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace titrate::http
