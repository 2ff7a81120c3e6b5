// FHIR read API throughput: reads/s and searches/s over a store of Observations, through the
// real HTTP server and routes, with keep-alive client threads on loopback.
//
//   titrate_bench_fhir_api [--resources 100000] [--threads 4] [--seconds 5] [--runs 3] [--keep 1]
//
// The store is filled through ResourceStore::put_all in batches, each Observation mapped by the
// outbound mapper and indexed by the outbound module's index (gateway/outbound/fhir_index.h).
// Prints, per workload, the median of the runs' requests/s and that run's p50 / p99 latency.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "connectors/fhir/fhir_read_routes.h"
#include "connectors/http/http_server.h"
#include "gateway/outbound/fhir_index.h"
#include "gateway/store/resource_store.h"
#include "mappers/outbound/fhir/observation.h"

namespace {

using namespace titrate;
using Clock = std::chrono::steady_clock;

constexpr int kPatients = 1000;
constexpr const char* kMrnSystem = "http://hospital.example/mrn";

struct Vital {
  const char* loinc;
  const char* mdc;
  const char* unit;
};
constexpr Vital kVitals[] = {{"8867-4", "147842", "/min"},
                             {"9279-1", "151562", "/min"},
                             {"2708-6", "150456", "%"},
                             {"8310-5", "150364", "Cel"}};

struct Options {
  size_t resources = 100000;
  int threads = 4;
  int seconds = 5;
  int runs = 3;
  bool keep = false;  // --keep 1: leave the database for a look at its query plans
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const long value = std::strtol(argv[i + 1], nullptr, 10);
    if (name == "--resources") {
      o.resources = static_cast<size_t>(value);
    } else if (name == "--threads") {
      o.threads = static_cast<int>(value);
    } else if (name == "--seconds") {
      o.seconds = static_cast<int>(value);
    } else if (name == "--keep") {
      o.keep = value != 0;
    } else if (name == "--runs") {
      o.runs = static_cast<int>(value);
    } else {
      std::fprintf(stderr, "unknown option %s\n", name.c_str());
      std::exit(2);
    }
  }
  return o;
}

std::string mrn(size_t patient) {
  return "MRN-" + std::to_string(patient);
}

model::ObservationEvent observation(size_t i) {
  const Vital& v = kVitals[i / kPatients % std::size(kVitals)];  // every patient has each vital
  model::ObservationEvent o;
  o.observation_id = "obs-" + std::to_string(i);
  o.category = "vital-signs";
  o.code.codings.push_back({"urn:iso:std:iso:11073:10101", v.mdc, ""});
  o.code.codings.push_back({"http://loinc.org", v.loinc, ""});
  o.value = model::Quantity{model::Decimal{static_cast<int64_t>(60 + i % 40), 0}, v.unit};
  o.patient_id.system = kMrnSystem;
  o.patient_id.value = mrn(i % kPatients);
  o.device = "monitor-" + std::to_string(i % 50);
  const int64_t minute = static_cast<int64_t>(i);
  char time[40];
  std::snprintf(time, sizeof time, "2026-%02d-%02dT%02d:%02d:00Z", 1 + int(minute / 43200 % 12),
                1 + int(minute / 1440 % 28), int(minute / 60 % 24), int(minute % 60));
  o.time = {time};
  return o;
}

void fill(store::ResourceStore& store, size_t count) {
  constexpr size_t kBatch = 1000;
  std::vector<store::ResourceWrite> batch;
  for (size_t i = 0; i < count; ++i) {
    outbound::fhir::FhirResource r = outbound::fhir::map_observation(observation(i));
    std::vector<store::IndexEntry> index = outbound::index_entries(r);
    batch.push_back({std::move(r.type), std::move(r.id), std::move(r.json), std::move(index)});
    if (batch.size() == kBatch || i + 1 == count) {
      store.put_all(batch);
      batch.clear();
    }
  }
}

struct RunResult {
  double per_second = 0;
  double p50_ms = 0, p99_ms = 0;
  uint64_t errors = 0;
};

// Every thread sends `next_uri()` requests on one kept-alive connection for `seconds`.
RunResult drive(uint16_t port, const Options& o,
                const std::function<std::string(std::mt19937&)>& next_uri) {
  std::vector<std::vector<double>> latencies(o.threads);
  std::atomic<uint64_t> errors{0};
  const auto end = Clock::now() + std::chrono::seconds(o.seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t * 7919 + 1));
      Poco::Net::HTTPClientSession session("127.0.0.1", port);
      session.setKeepAlive(true);
      std::string body;
      while (Clock::now() < end) {
        Poco::Net::HTTPRequest request("GET", next_uri(rng), Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        const auto start = Clock::now();
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        body.clear();
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) ++errors;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  RunResult r;
  r.per_second = static_cast<double>(all.size()) / o.seconds;
  if (!all.empty()) {
    r.p50_ms = all[all.size() / 2];
    r.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  r.errors = errors.load();
  return r;
}

void report(const char* name, std::vector<RunResult> runs) {
  if (runs.empty()) return;
  std::sort(runs.begin(), runs.end(),
            [](const RunResult& a, const RunResult& b) { return a.per_second < b.per_second; });
  const RunResult& median = runs[runs.size() / 2];
  std::printf(
      "%-8s median %8.0f req/s over %zu runs (p50 %.2f ms, p99 %.2f ms, errors %llu)  runs:", name,
      median.per_second, runs.size(), median.p50_ms, median.p99_ms,
      static_cast<unsigned long long>(median.errors));
  for (const RunResult& r : runs) std::printf(" %.0f", r.per_second);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("titrate-fhir-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  {
    store::ResourceStoreOptions store_options;
    store_options.path = (dir / "journal.db").string();
    store_options.durable = false;
    store::ResourceStore store(store_options);
    const auto fill_start = Clock::now();
    fill(store, o.resources);
    const double fill_s = std::chrono::duration<double>(Clock::now() - fill_start).count();
    std::printf("filled %zu Observations in %.1f s (%.0f/s, put_all batches of 1000)\n",
                o.resources, fill_s, o.resources / fill_s);

    config::HttpConfig http;
    http.bind = "127.0.0.1";
    http.port = 0;
    http.max_threads = static_cast<size_t>(o.threads);
    http::HttpServer server(http, fhir::fhir_read_routes(store, "http://bench/fhir"));
    server.start();
    const uint16_t port =
        static_cast<uint16_t>(std::stoi(server.address().substr(server.address().rfind(':') + 1)));
    std::printf("%d keep-alive client threads, %d s per run\n", o.threads, o.seconds);

    const size_t n = o.resources;
    const auto read_uri = [n](std::mt19937& rng) {
      return "/fhir/Observation/obs-" + std::to_string(rng() % n);
    };
    // A patient's heart rates: ~n / (kPatients * 4) matches, first page of 20.
    const auto search_uri = [](std::mt19937& rng) {
      return "/fhir/Observation?patient=" + std::string(kMrnSystem) + "%7C" +
             mrn(rng() % kPatients) + "&code=http://loinc.org%7C8867-4&_count=20";
    };
    std::vector<RunResult> reads, searches;
    for (int run = 0; run < o.runs; ++run) {
      reads.push_back(drive(port, o, read_uri));
      searches.push_back(drive(port, o, search_uri));
    }
    report("read", reads);
    report("search", searches);
    server.stop();
  }
  if (o.keep) {
    std::printf("database kept in %s\n", dir.c_str());
  } else {
    std::filesystem::remove_all(dir);
  }
  return 0;
}
