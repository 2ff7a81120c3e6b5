// MLLP ingest load driver: N connections each send M messages one at a time (send, wait for
// the ACK) and the round-trip of every message is recorded.
//
//   titrate_mllp_load HOST:PORT [--connections N] [--messages M] [--size BYTES]
//
// Prints one line: connections, messages, seconds, acks/s, p50/p99/max latency in µs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "connectors/mllp/mllp_client.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string control_id_of(int connection, int sequence, const std::string& run) {
  char control_id[64];
  std::snprintf(control_id, sizeof control_id, "L%s-%d-%d", run.c_str(), connection, sequence);
  return control_id;
}

std::string make_message(const std::string& control_id, size_t size) {
  std::string msg = "MSH|^~\\&|LOADEHR|LOADFAC|TITRATE|INFUSION|20261121083000||ADT^A04^ADT_A01|";
  msg += control_id;
  msg +=
      "|P|2.5.1\rEVN|A04|20261121083000\rPID|1||MRN12345^^^LOADFAC^MR||Doe^Sam||19800101|U\r"
      "PV1|1|O|INF^01^A\rOBX|1|NM|29463-7^Body weight^LN||72.5|kg|||||F\r";
  while (msg.size() + 20 < size) msg += "NTE|1||padding text for a realistic message size\r";
  return msg;
}

// An AA whose MSA-2 is exactly `control_id`: the ACK is for this message.
bool acknowledges(const std::string& ack, const std::string& control_id) {
  const std::string msa = "MSA|AA|" + control_id;
  const size_t at = ack.find(msa);
  if (at == std::string::npos) return false;
  const size_t end = at + msa.size();
  return end == ack.size() || ack[end] == '|' || ack[end] == '\r' || ack[end] == '\n';
}

long option(int argc, char** argv, const char* name, long fallback) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::strtol(argv[i + 1], nullptr, 10);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(
        stderr,
        "usage: titrate_mllp_load HOST:PORT [--connections N] [--messages M] [--size BYTES]\n");
    return 2;
  }
  const std::string target = argv[1];
  const std::string host = target.substr(0, target.rfind(':'));
  const auto port =
      static_cast<uint16_t>(std::strtol(target.c_str() + target.rfind(':') + 1, nullptr, 10));
  const int connections = static_cast<int>(option(argc, argv, "--connections", 1));
  const int messages = static_cast<int>(option(argc, argv, "--messages", 10000));
  const size_t size = static_cast<size_t>(option(argc, argv, "--size", 1024));
  const std::string run = std::to_string(Clock::now().time_since_epoch().count() % 100000000);

  std::vector<std::vector<uint32_t>> latencies(connections);
  std::vector<int> failures(connections, 0);
  std::vector<std::thread> threads;
  const auto started = Clock::now();
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      titrate::mllp::MllpClient client(host, port);
      client.connect();
      latencies[c].reserve(messages);
      for (int i = 0; i < messages; ++i) {
        const std::string control_id = control_id_of(c, i, run);
        const std::string msg = make_message(control_id, size);
        const auto t0 = Clock::now();
        const std::string ack = client.exchange(msg);
        const auto t1 = Clock::now();
        if (!acknowledges(ack, control_id)) ++failures[c];
        latencies[c].push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
      }
      client.close();
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<uint32_t> all;
  int failed = 0;
  for (int c = 0; c < connections; ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    failed += failures[c];
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  std::printf(
      "connections=%d messages=%zu seconds=%.3f acks_per_s=%.0f p50_us=%u p99_us=%u max_us=%u "
      "not_aa=%d\n",
      connections, all.size(), seconds, all.size() / seconds, pct(0.50), pct(0.99), all.back(),
      failed);
  return failed == 0 ? 0 : 1;
}
