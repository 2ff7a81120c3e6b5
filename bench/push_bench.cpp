// Push throughput: items/s from the outbox to a FHIR endpoint over one keep-alive connection.
// The endpoint is in this process (POCO HTTPServer on 127.0.0.1, answers 200 to every PUT); the
// outbox is a real journal database with durable commits, so each item costs a claim, a PUT and
// a synced mark_delivered. Prints each run and the median.
//   titrate_bench_push [ITEMS=2000] [RUNS=5] [PAYLOAD_BYTES=1500]
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "connectors/push/fhir_push_transport.h"
#include "connectors/push/push_worker.h"
#include "gateway/clock/utc_time.h"
#include "gateway/store/outbox.h"

namespace {

using namespace titrate;

std::atomic<uint64_t> received{0};

class Ok : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    Poco::NullOutputStream discard;
    Poco::StreamCopier::copyStream(request.stream(), discard);
    ++received;
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentLength(0);
    response.setKeepAlive(true);
    response.send();
  }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Ok;
  }
};

double run_once(uint16_t port, int items, const std::string& payload) {
  std::string dir = (std::filesystem::temp_directory_path() / "titrate-push-bench-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  double per_second = 0;
  {
    store::OutboxOptions options;
    options.path = dir + "/journal.db";
    store::Outbox outbox(options);
    std::vector<store::OutboxEntry> entries;
    for (int i = 0; i < items; ++i) {
      entries.push_back({"ehr", "fhir", "Observation", "obs-" + std::to_string(i), 1, payload});
    }
    outbox.enqueue(entries, clock::now_us());

    config::PushDestinationConfig destination;
    destination.name = "ehr";
    destination.base_url = "http://127.0.0.1:" + std::to_string(port) + "/fhir";
    push::PushWorkerOptions worker_options;
    worker_options.destination = "ehr";
    push::PushWorker worker(outbox, std::make_unique<push::FhirPushTransport>(destination, nullptr),
                            worker_options);
    const auto start = std::chrono::steady_clock::now();
    worker.start();
    while (worker.stats().delivered < static_cast<uint64_t>(items)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    worker.stop();
    per_second = items / seconds;
  }
  std::filesystem::remove_all(dir);
  return per_second;
}

}  // namespace

int main(int argc, char** argv) {
  const int items = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const size_t payload_bytes = argc > 3 ? static_cast<size_t>(std::atoi(argv[3])) : 1500;
  const std::string payload =
      "{\"resourceType\":\"Observation\",\"text\":\"" + std::string(payload_bytes, 'x') + "\"}";

  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);  // unlimited
  Poco::Net::HTTPServer server(new Factory, socket, params);
  server.start();

  std::vector<double> rates;
  for (int r = 0; r < runs; ++r) {
    rates.push_back(run_once(socket.address().port(), items, payload));
    std::printf("run %d: %d items, %.0f items/s\n", r + 1, items, rates.back());
  }
  std::sort(rates.begin(), rates.end());
  std::printf(
      "median: %.0f items/s (%d runs of %d items, %zu-byte payloads, one keep-alive "
      "connection, durable outbox)\n",
      rates[rates.size() / 2], runs, items, payload.size());
  server.stopAll(true);
  return 0;
}
