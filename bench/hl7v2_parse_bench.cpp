// Parse throughput of the HL7v2 codec over the third-party corpus (fixtures when it is absent).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mappers/hl7v2/batch.h"
#include "mappers/hl7v2/message.h"

namespace {

namespace fs = std::filesystem;
namespace hl7 = titrate::hl7v2;

struct Corpus {
  std::vector<std::string> files;          // owns the bytes
  std::vector<std::string_view> messages;  // views into files
  size_t bytes = 0;
};

std::vector<fs::path> hl7_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".hl7") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus c;
    auto paths = hl7_files(fs::path(TITRATE_CORPUS_DIR) / "hl7v2");
    if (paths.empty()) paths = hl7_files(fs::path(TITRATE_FIXTURES_DIR) / "hl7v2");
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      c.files.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    for (const auto& f : c.files) {
      for (std::string_view m : hl7::split_messages(f).messages) {
        c.messages.push_back(m);
        c.bytes += m.size();
      }
    }
    return c;
  }();
  return c;
}

void BM_ParseCorpus(benchmark::State& state) {
  const Corpus& c = corpus();
  if (c.messages.empty()) {
    state.SkipWithError("no corpus and no fixtures found");
    return;
  }
  hl7::Message reuse;
  hl7::ParseLimits limits;
  for (auto _ : state) {
    for (std::string_view m : c.messages) {
      hl7::parse_into(m, limits, reuse);
      benchmark::DoNotOptimize(reuse.segment_count());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.messages.size()));
  state.counters["messages"] = static_cast<double>(c.messages.size());
  state.counters["corpus_bytes"] = static_cast<double>(c.bytes);
}
BENCHMARK(BM_ParseCorpus);

void BM_ParseAndTextPID(benchmark::State& state) {
  const Corpus& c = corpus();
  if (c.messages.empty()) {
    state.SkipWithError("no corpus and no fixtures found");
    return;
  }
  hl7::Message reuse;
  hl7::ParseLimits limits;
  for (auto _ : state) {
    for (std::string_view m : c.messages) {
      hl7::parse_into(m, limits, reuse);
      benchmark::DoNotOptimize(reuse.text("PID-3[1].1"));
      benchmark::DoNotOptimize(reuse.text("PID-5.1"));
      benchmark::DoNotOptimize(reuse.text("PID-5.2"));
      benchmark::DoNotOptimize(reuse.value("PID-7"));
      benchmark::DoNotOptimize(reuse.value("MSH-9.2"));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.messages.size()));
}
BENCHMARK(BM_ParseAndTextPID);

}  // namespace

BENCHMARK_MAIN();
