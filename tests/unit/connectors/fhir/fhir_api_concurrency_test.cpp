#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "connectors/http/http_server.h"

// The FHIR API's HTTP server serves as many requests at once as http.max_threads says, past
// the 16 threads of POCO's default pool, and keeps connections alive between requests.
namespace titrate::http {
namespace {

constexpr int kThreads = 24;

// Every request waits until kThreads requests are inside the handler together (or 10 s pass:
// then it answers 503). With fewer threads than that the rendezvous cannot happen.
class Rendezvous {
 public:
  bool arrive() {
    std::unique_lock lock(mutex_);
    if (++inside_ == kThreads) all_in_.notify_all();
    return all_in_.wait_for(lock, std::chrono::seconds(10), [&] { return inside_ >= kThreads; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_in_;
  int inside_ = 0;
};

TEST(FhirApiConcurrency, MaxThreadsRequestsRunAtOnceOnKeptAliveConnections) {
  Rendezvous rendezvous;
  std::atomic<int> requests{0};
  std::vector<Route> routes;
  routes.push_back({"GET", "/fhir/", [&](const Request&) {
                      Response r;
                      ++requests;
                      r.status = rendezvous.arrive() ? 200 : 503;
                      return r;
                    }});
  config::HttpConfig config;
  config.bind = "127.0.0.1";
  config.port = 0;
  config.max_threads = kThreads;
  config.max_queued = 64;
  HttpServer server(config, std::move(routes));
  server.start();
  const uint16_t port =
      static_cast<uint16_t>(std::stoi(server.address().substr(server.address().rfind(':') + 1)));

  std::vector<int> first(kThreads), second(kThreads);
  std::vector<std::thread> clients;
  for (int i = 0; i < kThreads; ++i) {
    clients.emplace_back([&, i] {
      Poco::Net::HTTPClientSession session("127.0.0.1", port);
      session.setKeepAlive(true);
      session.setTimeout(Poco::Timespan(20, 0));
      for (int* status : {&first[i], &second[i]}) {
        Poco::Net::HTTPRequest request("GET", "/fhir/x", Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        *status = static_cast<int>(response.getStatus());
      }
    });
  }
  for (std::thread& t : clients) t.join();
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(first[i], 200) << "client " << i;
    EXPECT_EQ(second[i], 200) << "client " << i;  // the same connection, kept alive
  }
  EXPECT_EQ(requests.load(), 2 * kThreads);
}

}  // namespace
}  // namespace titrate::http
