// titrate_bench_pipeline: orders/s through dosing and pump control, and pump telemetry events/s
// through pump control, with the real modules on a real bus in one process: the embedded bus
// (durable, synchronous=FULL, in a temp dir) and the Kafka bus on librdkafka's mock cluster
// (3 brokers, 4 partitions a topic, module state in a durable temp SQLite file). A plain
// driver: each run is a fresh bus, so Google Benchmark's iteration model does not fit.
//
// --end-to-end measures orders -> completed MedicationAdministrations instead: the outbound
// module (validated, durable resource store) joins the pipeline, and a pump fleet reports each
// accepted program's delivery start and complete as it is programmed (bench/pipeline_fleet.h);
// a run ends when the last order's completed MedicationAdministration is stored.
//
//   titrate_bench_pipeline [--runs N] [--patients N] [--kafka-patients N] [--publishers N]
//                          [--bus embedded|kafka|both] [--no-pump-location]
//                          [--kafka-linger-ms MS] [--timeout-s S] [--end-to-end [--reporters N]]

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/kafka_topic_watcher.h"
#include "bench/pipeline_fleet.h"
#include "bench/pipeline_observer.h"
#include "bench/pipeline_outbound.h"
#include "bench/pipeline_workload.h"
#include "connectors/kafka/kafka_bus.h"
#include "dosing/dosing_module.h"
#include "dosing/drug_library.h"
#include "gateway/bus/embedded_bus.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"
#include "gateway/store/module_state.h"
#include "pump-control/pump_control_module.h"
#include "tests/support/kafka_mock_cluster.h"

namespace titrate::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPartitions = 4;

struct Options {
  int runs = 5;
  int patients = 2000;
  int kafka_patients = 500;
  int publishers = 16;
  bool embedded = true;
  bool kafka = true;
  bool pump_location = true;
  std::optional<int> kafka_linger_ms;
  int timeout_s = 120;
  bool end_to_end = false;
  int reporters = 4;
};

struct RunResult {
  int patients = 0;
  double orders_publish_s = 0, orders_s = 0;        // publish phase, first publish to last status
  double telemetry_publish_s = 0, telemetry_s = 0;  // the same for the pump events
  uint64_t alerts = 0;
  double orders_per_s() const { return patients / orders_s; }
  double events_per_s() const { return patients * kTelemetryPerSession / telemetry_s; }
};

// One --end-to-end run: orders published, then every completed MedicationAdministration stored.
struct EndToEndResult {
  int patients = 0;
  double publish_s = 0, completed_s = 0;  // publish phase, first publish to last completion
  uint64_t alerts = 0;
  double per_s() const { return patients / completed_s; }
};

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "titrate-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const char* name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Publishes every batch from `publishers` threads (thread t takes batches t, t + P, ...); one
// batch's events go out in order, so a patient's events keep their order.
void publish_all(bus::Bus& bus, const std::string& topic,
                 const std::vector<std::vector<bus::Event>>& batches, int publishers) {
  std::vector<std::thread> threads;
  std::exception_ptr failure;
  std::mutex failure_mutex;
  for (int t = 0; t < publishers; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (size_t i = t; i < batches.size(); i += publishers) {
          for (const bus::Event& event : batches[i]) bus.publish(topic, event);
        }
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

void wait_for(const std::function<bool()>& done, const PipelineObserver& observer,
              const Options& options, const char* what) {
  const auto deadline = Clock::now() + std::chrono::seconds(options.timeout_s);
  while (!done()) {
    if (observer.refused() > 0) {
      throw std::runtime_error(std::string(what) + ": an order was refused (" +
                               observer.first_refusal() + ")");
    }
    if (Clock::now() > deadline) {
      throw std::runtime_error(std::string(what) + ": timed out (programmed " +
                               std::to_string(observer.programmed()) + ", administrations " +
                               std::to_string(observer.administrations()) + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// Both phases on a started bus whose outputs reach `observer`.
RunResult measure(bus::Bus& bus, const bus::Topics& topics, PipelineObserver& observer,
                  const InstantProgrammer& programmer, int patients, const Options& options) {
  RunResult result;
  result.patients = patients;
  const uint64_t n = patients;

  std::vector<std::vector<bus::Event>> orders(n);
  const int64_t now_us = clock::now_us();
  for (int i = 0; i < patients; ++i) orders[i] = {patient_event(i, now_us), order_event(i, now_us)};
  observer.expect(n, 0);
  const auto t0 = Clock::now();
  publish_all(bus, topics.orders, orders, options.publishers);
  result.orders_publish_s = seconds(Clock::now() - t0);
  wait_for([&] { return observer.programmed() >= n; }, observer, options, "orders");
  result.orders_s = seconds(observer.programmed_at() - t0);

  std::vector<pump_control::PumpProgram> programs = programmer.programs();
  if (programs.size() != n) {
    throw std::runtime_error("the pump fleet got " + std::to_string(programs.size()) +
                             " programs for " + std::to_string(n) + " orders");
  }
  std::vector<std::vector<bus::Event>> telemetry(n);
  const int64_t start_us = clock::now_us();
  for (int i = 0; i < patients; ++i) {
    telemetry[i] = session_telemetry(programs[i], i, start_us, options.pump_location);
  }
  observer.expect(n, n * kAdministrationsPerSession);
  const auto t2 = Clock::now();
  publish_all(bus, topics.pump_events, telemetry, options.publishers);
  result.telemetry_publish_s = seconds(Clock::now() - t2);
  wait_for([&] { return observer.administrations() >= n * kAdministrationsPerSession; }, observer,
           options, "telemetry");
  result.telemetry_s = seconds(observer.administrations_at() - t2);
  result.alerts = observer.alerts();

  const bus::BusStats stats = bus.stats();
  if (stats.handler_failures || stats.dead_lettered) {
    throw std::runtime_error("handler failures " + std::to_string(stats.handler_failures) +
                             ", dead-lettered " + std::to_string(stats.dead_lettered));
  }
  return result;
}

RunResult run_embedded(const dosing::DrugLibrary& library, const Options& options) {
  const int n = options.patients;
  TempDir dir;
  bus::Topics topics;
  InstantProgrammer programmer;
  dosing::DosingModule dosing(library, &clock::now_us);
  pump_control::PumpControlModule pump(pump_registry(n), programmer, &clock::now_us);
  PipelineObserver observer(topics);
  bus::EmbeddedBusOptions bus_options;
  bus_options.path = dir.file("bus.db");
  bus_options.durable = true;
  bus::EmbeddedBus bus(bus_options);
  bus.subscribe(dosing.subscription(topics));
  bus.subscribe(pump.subscription(topics));
  bus.subscribe(observer.subscription("titrate-bench-observer"));
  bus.start();
  RunResult result = measure(bus, topics, observer, programmer, n, options);
  bus.stop();
  return result;
}

// Waits until the consumer groups of `subscriptions` own every partition of their topics.
void wait_for_assignment(const kafka::KafkaBus& bus,
                         const std::vector<bus::Subscription>& subscriptions) {
  size_t partitions = 0;
  for (const bus::Subscription& s : subscriptions) partitions += s.topics.size() * kPartitions;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (bus.assigned_partitions() < partitions) {
    if (Clock::now() > deadline) throw std::runtime_error("kafka: consumers not assigned in 60 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Creates the pipeline's topics (and the dead-letter topic) on the mock cluster and returns the
// bus options both Kafka runs use: module state in `state`, librdkafka quiet.
kafka::KafkaOptions kafka_bench_options(test::KafkaMockCluster& cluster, const bus::Topics& topics,
                                        store::ModuleState& state, const Options& options) {
  kafka::KafkaOptions kafka_options;
  for (const std::string& topic : topics.all()) cluster.create_topic(topic, kPartitions);
  cluster.create_topic(kafka_options.dead_letter_topic, 1);
  kafka_options.bootstrap_servers = cluster.bootstraps();
  kafka_options.module_state = &state;
  kafka_options.properties = {{"log_level", "3"}};
  if (options.kafka_linger_ms) {
    kafka_options.producer_properties = {{"linger.ms", std::to_string(*options.kafka_linger_ms)}};
  }
  return kafka_options;
}

// Feeds the observer from the topics it watches, read back from the cluster.
std::unique_ptr<KafkaTopicWatcher> watch(const test::KafkaMockCluster& cluster,
                                         PipelineObserver& observer) {
  std::vector<KafkaTopicWatcher::Topic> watched;
  for (const std::string& topic : observer.topics()) watched.push_back({topic, kPartitions});
  return std::make_unique<KafkaTopicWatcher>(
      cluster.bootstraps(), watched, [&observer](const bus::Event& event) { observer.see(event); });
}

RunResult run_kafka(const dosing::DrugLibrary& library, const Options& options) {
  const int n = options.kafka_patients;
  test::KafkaMockCluster cluster(3);
  bus::Topics topics;
  TempDir dir;
  store::ModuleState state(store::ModuleStateOptions{dir.file("state.db"), /*durable=*/true});
  InstantProgrammer programmer;
  dosing::DosingModule dosing(library, &clock::now_us);
  pump_control::PumpControlModule pump(pump_registry(n), programmer, &clock::now_us);
  PipelineObserver observer(topics);

  kafka::KafkaBus bus(kafka_bench_options(cluster, topics, state, options));
  const std::vector<bus::Subscription> subscriptions = {dosing.subscription(topics),
                                                        pump.subscription(topics)};
  for (const bus::Subscription& s : subscriptions) bus.subscribe(s);
  bus.start();
  wait_for_assignment(bus, subscriptions);
  const std::unique_ptr<KafkaTopicWatcher> watcher = watch(cluster, observer);
  RunResult result = measure(bus, topics, observer, programmer, n, options);
  bus.stop();
  return result;
}

EndToEndResult measure_end_to_end(bus::Bus& bus, const bus::Topics& topics,
                                  PipelineObserver& observer, CompletedAdministrations& completed,
                                  int patients, const Options& options) {
  EndToEndResult result;
  result.patients = patients;
  const uint64_t n = patients;
  std::vector<std::vector<bus::Event>> orders(n);
  const int64_t now_us = clock::now_us();
  for (int i = 0; i < patients; ++i) orders[i] = {patient_event(i, now_us), order_event(i, now_us)};
  observer.expect(n, n * kAdministrationsPerShortSession);
  completed.expect(n);
  const auto t0 = Clock::now();
  publish_all(bus, topics.orders, orders, options.publishers);
  result.publish_s = seconds(Clock::now() - t0);
  wait_for([&] { return completed.completed() >= n; }, observer, options, "end-to-end");
  result.completed_s = seconds(completed.completed_at() - t0);
  result.alerts = observer.alerts();
  const outbound::OutboundStats out = completed.stats();
  const bus::BusStats stats = bus.stats();
  if (out.invalid || out.skipped || stats.handler_failures || stats.dead_lettered) {
    throw std::runtime_error("outbound invalid " + std::to_string(out.invalid) + ", skipped " +
                             std::to_string(out.skipped) + "; handler failures " +
                             std::to_string(stats.handler_failures) + ", dead-lettered " +
                             std::to_string(stats.dead_lettered));
  }
  return result;
}

EndToEndResult run_end_to_end_embedded(const dosing::DrugLibrary& library,
                                       const validation::FhirValidator& validator,
                                       const Options& options) {
  const int n = options.patients;
  TempDir dir;
  bus::Topics topics;
  ReportingFleet fleet(options.pump_location, options.reporters);
  dosing::DosingModule dosing(library, &clock::now_us);
  pump_control::PumpControlModule pump(pump_registry(n), fleet, &clock::now_us);
  PipelineObserver observer(topics);
  bus::EmbeddedBusOptions bus_options;
  bus_options.path = dir.file("bus.db");
  bus_options.durable = true;
  bus::EmbeddedBus bus(bus_options);
  // As in the gateway, the resource store shares the bus's (the journal's) SQLite file.
  CompletedAdministrations completed(validator, bus_options.path);
  bus.subscribe(dosing.subscription(topics));
  bus.subscribe(pump.subscription(topics));
  bus.subscribe(completed.subscription(topics));
  bus.subscribe(observer.subscription("titrate-bench-observer"));
  bus.start();
  fleet.start(bus, topics.pump_events);
  EndToEndResult result = measure_end_to_end(bus, topics, observer, completed, n, options);
  fleet.stop();
  bus.stop();
  return result;
}

EndToEndResult run_end_to_end_kafka(const dosing::DrugLibrary& library,
                                    const validation::FhirValidator& validator,
                                    const Options& options) {
  const int n = options.kafka_patients;
  test::KafkaMockCluster cluster(3);
  bus::Topics topics;
  TempDir dir;
  store::ModuleState state(store::ModuleStateOptions{dir.file("state.db"), /*durable=*/true});
  ReportingFleet fleet(options.pump_location, options.reporters);
  dosing::DosingModule dosing(library, &clock::now_us);
  pump_control::PumpControlModule pump(pump_registry(n), fleet, &clock::now_us);
  PipelineObserver observer(topics);
  CompletedAdministrations completed(validator, dir.file("state.db"));

  kafka::KafkaBus bus(kafka_bench_options(cluster, topics, state, options));
  const std::vector<bus::Subscription> subscriptions = {
      dosing.subscription(topics), pump.subscription(topics), completed.subscription(topics)};
  for (const bus::Subscription& s : subscriptions) bus.subscribe(s);
  bus.start();
  wait_for_assignment(bus, subscriptions);
  const std::unique_ptr<KafkaTopicWatcher> watcher = watch(cluster, observer);
  fleet.start(bus, topics.pump_events);
  EndToEndResult result = measure_end_to_end(bus, topics, observer, completed, n, options);
  fleet.stop();
  bus.stop();
  return result;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t m = values.size() / 2;
  return values.size() % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

template <typename F>
double median_of(const std::vector<RunResult>& runs, F field) {
  std::vector<double> values;
  for (const RunResult& r : runs) values.push_back(field(r));
  return median(values);
}

void print_run(const char* bus, int run, const RunResult& r) {
  std::printf(
      "%-8s run %d: %d orders in %.3f s (published in %.3f s) = %.0f orders/s; %d pump events "
      "in %.3f s (published in %.3f s) = %.0f events/s; %llu alerts\n",
      bus, run, r.patients, r.orders_s, r.orders_publish_s, r.orders_per_s(),
      r.patients * kTelemetryPerSession, r.telemetry_s, r.telemetry_publish_s, r.events_per_s(),
      static_cast<unsigned long long>(r.alerts));
  std::fflush(stdout);
}

void print_table(const std::vector<std::pair<std::string, std::vector<RunResult>>>& variants,
                 int runs) {
  std::printf("\nmedian of %d runs\n\n", runs);
  std::printf(
      "| bus | patients | orders: publish s | orders: end-to-end s | orders/s | pump events | "
      "events: publish s | events: end-to-end s | events/s |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (const auto& [name, results] : variants) {
    if (results.empty()) continue;
    const int n = results.front().patients;
    std::printf("| %s | %d | %.3f | %.3f | %.0f | %d | %.3f | %.3f | %.0f |\n", name.c_str(), n,
                median_of(results, [](const RunResult& r) { return r.orders_publish_s; }),
                median_of(results, [](const RunResult& r) { return r.orders_s; }),
                median_of(results, [](const RunResult& r) { return r.orders_per_s(); }),
                n * kTelemetryPerSession,
                median_of(results, [](const RunResult& r) { return r.telemetry_publish_s; }),
                median_of(results, [](const RunResult& r) { return r.telemetry_s; }),
                median_of(results, [](const RunResult& r) { return r.events_per_s(); }));
  }
}

void print_end_to_end_run(const char* bus, int run, const EndToEndResult& r) {
  std::printf(
      "%-8s run %d: %d orders to completed MedicationAdministrations in %.3f s (published in "
      "%.3f s) = %.0f administrations/s; %llu alerts\n",
      bus, run, r.patients, r.completed_s, r.publish_s, r.per_s(),
      static_cast<unsigned long long>(r.alerts));
  std::fflush(stdout);
}

void print_end_to_end_table(
    const std::vector<std::pair<std::string, std::vector<EndToEndResult>>>& variants, int runs) {
  std::printf("\nmedian of %d runs\n\n", runs);
  std::printf(
      "| bus | orders | orders: publish s | to the last completed MedicationAdministration s | "
      "completed MedicationAdministrations/s |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: |\n");
  for (const auto& [name, results] : variants) {
    if (results.empty()) continue;
    std::vector<double> publish, completed, per_s;
    for (const EndToEndResult& r : results) {
      publish.push_back(r.publish_s);
      completed.push_back(r.completed_s);
      per_s.push_back(r.per_s());
    }
    std::printf("| %s | %d | %.3f | %.3f | %.0f |\n", name.c_str(), results.front().patients,
                median(publish), median(completed), median(per_s));
  }
}

int main_end_to_end(const dosing::DrugLibrary& library, const Options& options) {
  const validation::FhirValidator validator =
      validation::FhirValidator::load(std::string(TITRATE_FHIR_PROFILES_DIR));
  std::printf(
      "end-to-end: %d publisher threads, %d fleet reporters, pump events %s PV1-3 location\n",
      options.publishers, options.reporters, options.pump_location ? "with" : "without");
  std::vector<std::pair<std::string, std::vector<EndToEndResult>>> variants;
  if (options.embedded) {
    variants.push_back({"embedded", {}});
    for (int run = 1; run <= options.runs; ++run) {
      variants.back().second.push_back(run_end_to_end_embedded(library, validator, options));
      print_end_to_end_run("embedded", run, variants.back().second.back());
    }
  }
  if (options.kafka) {
    variants.push_back({"kafka", {}});
    for (int run = 1; run <= options.runs; ++run) {
      variants.back().second.push_back(run_end_to_end_kafka(library, validator, options));
      print_end_to_end_run("kafka", run, variants.back().second.back());
    }
  }
  print_end_to_end_table(variants, options.runs);
  return 0;
}

[[noreturn]] void usage(const char* problem) {
  std::fprintf(stderr,
               "titrate_bench_pipeline: %s\nusage: titrate_bench_pipeline [--runs N] "
               "[--patients N] [--kafka-patients N] [--publishers N] "
               "[--bus embedded|kafka|both] [--no-pump-location] [--kafka-linger-ms MS] "
               "[--timeout-s S] [--end-to-end [--reporters N]]\n",
               problem);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto number = [&](int min) {
      if (i + 1 >= argc) usage((arg + " needs a value").c_str());
      char* end = nullptr;
      const long value = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || value < min || value > 1'000'000) {
        usage((arg + ": expected a number from " + std::to_string(min)).c_str());
      }
      return static_cast<int>(value);
    };
    if (arg == "--runs") {
      o.runs = number(1);
    } else if (arg == "--patients") {
      o.patients = number(1);
    } else if (arg == "--kafka-patients") {
      o.kafka_patients = number(1);
    } else if (arg == "--publishers") {
      o.publishers = number(1);
    } else if (arg == "--timeout-s") {
      o.timeout_s = number(1);
    } else if (arg == "--kafka-linger-ms") {
      o.kafka_linger_ms = number(0);
    } else if (arg == "--reporters") {
      o.reporters = number(1);
    } else if (arg == "--end-to-end") {
      o.end_to_end = true;
    } else if (arg == "--no-pump-location") {
      o.pump_location = false;
    } else if (arg == "--bus") {
      if (i + 1 >= argc) usage("--bus needs a value");
      const std::string which = argv[++i];
      if (which != "embedded" && which != "kafka" && which != "both") {
        usage("--bus expects embedded, kafka or both");
      }
      o.embedded = which != "kafka";
      o.kafka = which != "embedded";
    } else {
      usage(("unknown argument " + arg).c_str());
    }
  }
  return o;
}

}  // namespace
}  // namespace titrate::bench

int main(int argc, char** argv) {
  using namespace titrate;
  using namespace titrate::bench;
  const Options options = parse_options(argc, argv);
  log::set_min_level(log::Level::kWarning);
  const dosing::DrugLibrary library =
      dosing::DrugLibrary::load(std::string(TITRATE_CONFIG_DIR) + "/drug-library.json");
  if (options.end_to_end) {
    try {
      return main_end_to_end(library, options);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "titrate_bench_pipeline: %s\n", e.what());
      return 1;
    }
  }
  std::printf("pipeline: %d publisher threads, pump events %s PV1-3 location%s\n",
              options.publishers, options.pump_location ? "with" : "without",
              options.kafka_linger_ms
                  ? (", kafka linger.ms=" + std::to_string(*options.kafka_linger_ms)).c_str()
                  : "");
  std::vector<std::pair<std::string, std::vector<RunResult>>> variants;
  try {
    if (options.embedded) {
      variants.push_back({"embedded", {}});
      for (int run = 1; run <= options.runs; ++run) {
        variants.back().second.push_back(run_embedded(library, options));
        print_run("embedded", run, variants.back().second.back());
      }
    }
    if (options.kafka) {
      variants.push_back({"kafka", {}});
      for (int run = 1; run <= options.runs; ++run) {
        variants.back().second.push_back(run_kafka(library, options));
        print_run("kafka", run, variants.back().second.back());
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "titrate_bench_pipeline: %s\n", e.what());
    return 1;
  }
  print_table(variants, options.runs);
  return 0;
}
