// A FHIR endpoint on 127.0.0.1 (POCO HTTPServer, plain or TLS) for the push tests: records each
// request and answers with the statuses it is told, then 200. And a test PKI made by openssl.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "connectors/tls/tls_context.h"
#include "gateway/config/gateway_config.h"

namespace titrate::test {

struct RecordedRequest {
  std::string method, uri, content_type, authorization, body, client;
};

class FakeEhrServer {
 public:
  // `tls`: serve HTTPS with that server configuration.
  explicit FakeEhrServer(std::optional<config::TlsConfig> tls = std::nullopt) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    params->setMaxThreads(4);
    const Poco::Net::SocketAddress address("127.0.0.1", 0);
    if (tls) {
      // POCO would otherwise match the client certificate against an empty host name.
      Poco::Net::Context::Ptr context = tls::make_server_context(*tls);
      context->enableExtendedCertificateVerification(false);
      socket_ = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, context);
    } else {
      socket_ = std::make_unique<Poco::Net::ServerSocket>(address);
    }
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *socket_, params);
    server_->start();
  }
  ~FakeEhrServer() { server_->stopAll(true); }

  uint16_t port() const { return socket_->address().port(); }

  // The next requests get these statuses, in order; then 200.
  void answer(std::vector<int> statuses) {
    std::lock_guard lock(mutex_);
    for (int s : statuses) statuses_.push_back(s);
  }
  // Decides the status of every request from now on (instead of the queue).
  void answer_with(std::function<int(const RecordedRequest&)> decide) {
    std::lock_guard lock(mutex_);
    decide_ = std::move(decide);
  }
  void delay(std::chrono::milliseconds d) {
    std::lock_guard lock(mutex_);
    delay_ = d;
  }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(FakeEhrServer& server) : server_(server) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      RecordedRequest r;
      r.method = request.getMethod();
      r.uri = request.getURI();
      r.content_type = request.getContentType();
      r.authorization = request.get("Authorization", "");
      r.client = request.clientAddress().toString();
      Poco::StreamCopier::copyToString(request.stream(), r.body);
      int status = 200;
      std::chrono::milliseconds delay{0};
      {
        std::lock_guard lock(server_.mutex_);
        server_.requests_.push_back(r);
        if (server_.decide_) {
          status = server_.decide_(r);
        } else if (!server_.statuses_.empty()) {
          status = server_.statuses_.front();
          server_.statuses_.pop_front();
        }
        delay = server_.delay_;
      }
      if (delay.count() > 0) std::this_thread::sleep_for(delay);
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
      response.setContentType("application/fhir+json");
      response.setKeepAlive(true);
      const std::string body = "{\"resourceType\":\"OperationOutcome\"}";
      response.setContentLength(static_cast<std::streamsize>(body.size()));
      response.send() << body;
    }

   private:
    FakeEhrServer& server_;
  };

  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(FakeEhrServer& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new Handler(server_);
    }

   private:
    FakeEhrServer& server_;
  };

  mutable std::mutex mutex_;
  std::deque<int> statuses_;
  std::function<int(const RecordedRequest&)> decide_;
  std::chrono::milliseconds delay_{0};
  std::vector<RecordedRequest> requests_;
  std::unique_ptr<Poco::Net::ServerSocket> socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// A CA, a server certificate for localhost / 127.0.0.1, a client certificate from the same CA
// and a self-signed rogue client, as PEM files in `dir` (EC P-256 keys: quick to make).
inline void make_test_pki(const std::string& dir) {
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string cd = "cd '" + dir + "' && ";
  auto run = [&](const std::string& command) {
    if (std::system((cd + command + " >/dev/null 2>&1").c_str()) != 0) {
      throw std::runtime_error("openssl failed: " + command);
    }
  };
  run("openssl req -x509" + ec + " -keyout ca.key -out ca.pem -days 2 -subj '/CN=Titrate Test CA'");
  run("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > server.ext");
  run("printf 'extendedKeyUsage=clientAuth\\n' > client.ext");
  for (const char* name : {"server", "client"}) {
    const std::string n = name;
    run("openssl req" + ec + " -keyout " + n + ".key -out " + n + ".csr -subj '/CN=" +
        (n == "server" ? std::string("localhost") : std::string("clinic-gateway")) + "'");
    run("openssl x509 -req -in " + n + ".csr -CA ca.pem -CAkey ca.key -CAcreateserial -out " + n +
        ".pem -days 2 -extfile " + n + ".ext");
  }
  run("openssl req -x509" + ec + " -keyout rogue.key -out rogue.pem -days 2 -subj '/CN=rogue'");
}

}  // namespace titrate::test
