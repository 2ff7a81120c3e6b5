// The audit trail's write rate: T threads record N inbound-message AuditEvents (the kind ingest
// writes for every message) into a fresh durable SQLite audit store; the figure is records made
// durable per second, from the first record() to flush(). Median of R runs.
//   titrate_bench_audit [RECORDS [THREADS [RUNS]]]     (default 100000 4 5)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gateway/audit/audit_records.h"
#include "gateway/audit/audit_trail.h"

namespace {

using namespace titrate;

double run_once(size_t records, size_t threads) {
  std::string dir =
      (std::filesystem::temp_directory_path() / "titrate-audit-bench-XXXXXX").string();
  if (!mkdtemp(dir.data())) throw std::runtime_error("mkdtemp failed");
  double rate = 0;
  {
    store::ResourceStoreOptions options;
    options.path = dir + "/audit.db";
    store::ResourceStore store(options);
    audit::AuditTrail trail(store, {});
    ingest::Hl7v2IngestResult result;
    result.journal_id = 12345;
    result.message_type = "ADT^A04^ADT_A01";
    result.sender = "CLINICEHR|NORTHCLINIC";
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        ingest::Hl7v2IngestResult mine = result;
        for (size_t i = t; i < records; i += threads) {
          mine.control_id = "MSG" + std::to_string(i);
          trail.record(audit::hl7v2_import_record("ehr", "127.0.0.1:40000", "", mine));
        }
      });
    }
    for (std::thread& w : workers) w.join();
    trail.flush();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rate = static_cast<double>(records) / seconds;
  }
  std::filesystem::remove_all(dir);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t records = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const size_t threads = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 4;
  const size_t runs = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 5;
  std::vector<double> rates;
  for (size_t r = 0; r < runs; ++r) {
    rates.push_back(run_once(records, threads));
    std::printf("run %zu: %.0f AuditEvents/s durable\n", r + 1, rates.back());
  }
  std::sort(rates.begin(), rates.end());
  std::printf("median: %.0f AuditEvents/s (%zu records, %zu threads, %zu runs)\n",
              rates[rates.size() / 2], records, threads, runs);
  return 0;
}
