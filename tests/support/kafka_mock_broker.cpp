// titrate_kafka_mock: librdkafka's mock Kafka cluster as a process of its own, so integration
// tests can run the gateway's roles as separate processes on one cluster.
//
//   titrate_kafka_mock [--brokers N] [--partitions P] TOPIC...
//       creates the topics, prints "bootstrap HOST:PORT,..." and runs until SIGTERM/SIGINT or
//       until stdin closes. Commands on stdin, one a line, each answered with one line
//       ("ok ..." or "error: ..."):  down BROKER_ID | up BROKER_ID
//   titrate_kafka_mock dump BOOTSTRAP TOPIC [--timeout-ms N]
//       prints every record of TOPIC as one JSON line (see kafka_topic_dump.h) and exits 0 at
//       the end of its partitions, 1 when it cannot get there.
//   titrate_kafka_mock offsets BOOTSTRAP GROUP TOPIC [--timeout-ms N]
//       prints, per partition of TOPIC, the offset GROUP committed and the end (see
//       kafka_group_offsets.h).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/support/kafka_group_offsets.h"
#include "tests/support/kafka_mock_cluster.h"
#include "tests/support/kafka_topic_dump.h"

namespace {

using titrate::test_support::dump_topic;
using titrate::test_support::print_group_offsets;

constexpr const char* kUsage =
    "usage: titrate_kafka_mock [--brokers N] [--partitions P] TOPIC...\n"
    "       titrate_kafka_mock dump BOOTSTRAP TOPIC [--timeout-ms N]\n"
    "       titrate_kafka_mock offsets BOOTSTRAP GROUP TOPIC [--timeout-ms N]\n";

int usage() {
  std::fputs(kUsage, stderr);
  return 2;
}

// A positive integer, or -1.
int positive(const char* text) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return *text && *end == '\0' && value > 0 && value <= 1000000 ? static_cast<int>(value) : -1;
}

// "down 2" / "up 2": takes a broker down (its listener closes connections) or back up.
std::string run_command(rd_kafka_mock_cluster_t* cluster, const std::string& line) {
  const size_t space = line.find(' ');
  const std::string verb = line.substr(0, space);
  const int broker = space == std::string::npos ? -1 : positive(line.c_str() + space + 1);
  if ((verb != "down" && verb != "up") || broker < 0) {
    return "error: unknown command (down BROKER_ID | up BROKER_ID)";
  }
  const rd_kafka_resp_err_t err = verb == "down" ? rd_kafka_mock_broker_set_down(cluster, broker)
                                                 : rd_kafka_mock_broker_set_up(cluster, broker);
  if (err) return std::string("error: ") + rd_kafka_err2str(err);
  return "ok " + line;
}

// Blocked in every thread before any starts, so they are read from a signalfd.
sigset_t block_shutdown_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Serves commands from stdin until it closes or a shutdown signal arrives.
void serve(rd_kafka_mock_cluster_t* cluster, const sigset_t& signals) {
  const int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC);
  if (signal_fd < 0) {
    std::perror("signalfd");
    return;
  }
  std::string pending;
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;  // EINTR
    if (fds[1].revents) break;
    if (!fds[0].revents) continue;
    char chunk[512];
    const ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
    if (n <= 0) break;  // stdin closed: whoever started us is gone
    pending.append(chunk, static_cast<size_t>(n));
    for (size_t newline; (newline = pending.find('\n')) != std::string::npos;) {
      std::string line = pending.substr(0, newline);
      pending.erase(0, newline + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      std::printf("%s\n", run_command(cluster, line).c_str());
      std::fflush(stdout);
    }
  }
  close(signal_fd);
}

int run_cluster(int brokers, int partitions, const std::vector<std::string>& topics) {
  const sigset_t signals = block_shutdown_signals();
  try {
    titrate::test::KafkaMockCluster cluster(brokers);
    for (const std::string& topic : topics) cluster.create_topic(topic, partitions);
    std::printf("bootstrap %s\n", cluster.bootstraps().c_str());
    std::fflush(stdout);
    serve(cluster.get(), signals);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}

// dump and offsets: positional arguments and --timeout-ms.
int run_reader(const std::string& mode, const std::vector<std::string>& args) {
  int timeout_ms = 10000;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--timeout-ms" && i + 1 < args.size()) {
      if ((timeout_ms = positive(args[++i].c_str())) < 0) return usage();
    } else {
      positional.push_back(args[i]);
    }
  }
  const std::chrono::milliseconds timeout(timeout_ms);
  bool ok = false;
  if (mode == "dump" && positional.size() == 2) {
    ok = dump_topic(positional[0], positional[1], timeout, stdout);
  } else if (mode == "offsets" && positional.size() == 3) {
    ok = print_group_offsets(positional[0], positional[1], positional[2], timeout, stdout);
  } else {
    return usage();
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args.front() == "dump" || args.front() == "offsets")) {
    return run_reader(args.front(), {args.begin() + 1, args.end()});
  }
  int brokers = 3, partitions = 3;
  std::vector<std::string> topics;
  for (size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--brokers" || args[i] == "--partitions") && i + 1 < args.size()) {
      const int value = positive(args[i + 1].c_str());
      if (value < 0) return usage();
      (args[i] == "--brokers" ? brokers : partitions) = value;
      ++i;
    } else if (args[i].starts_with("-")) {
      return usage();
    } else {
      topics.push_back(args[i]);
    }
  }
  return run_cluster(brokers, partitions, topics);
}
