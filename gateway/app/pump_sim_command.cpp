#include <pthread.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <random>
#include <string>

#include "connectors/mllp/mllp_server.h"
#include "gateway/app/cli_args.h"
#include "gateway/app/commands.h"
#include "gateway/clock/utc_time.h"
#include "tools/pump_sim/fleet.h"
#include "tools/pump_sim/gateway_link.h"
#include "tools/pump_sim/sim_clock.h"

namespace titrate::app {
namespace {

using namespace titrate::pump_sim;

// Messages to the gateway link, event lines to stdout (one flushed line each).
class ConsoleOutput final : public FleetOutput {
 public:
  explicit ConsoleOutput(GatewayLink& link) : link_(link) {}
  void send(std::string message) override { link_.send(std::move(message)); }
  void drop_connection() override { link_.drop_connection(); }
  void line(std::string text) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::fputs(text.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }

 private:
  GatewayLink& link_;
  std::mutex mutex_;
};

double real_number(const CliArgs& args, const std::string& name, double fallback, double min,
                   double max) {
  const std::optional<std::string> text = args.value(name);
  if (!text) return fallback;
  char* end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !(value >= min && value <= max)) {
    throw UsageError("--" + name + " expects a number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
  return value;
}

// MSH-10 prefix unique to this run, so a restarted simulator is not taken for a resend.
std::string run_prefix(int64_t now_us) {
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  unsigned long long n = static_cast<unsigned long long>(now_us / 1000) % 78364164096ULL;  // 36^7
  std::string tag(7, '0');
  for (size_t i = tag.size(); i-- > 0; n /= 36) tag[i] = kDigits[n % 36];
  return "PS" + tag;
}

sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

}  // namespace

int run_pump_sim(const std::vector<std::string>& raw_args) {
  CliArgs args(raw_args, {"listen", "gateway", "pumps", "speed", "scenario", "reject-rate", "seed",
                          "duration-limit"});
  if (!args.positional().empty()) throw UsageError("pump-sim takes no positional arguments");
  const std::optional<long> listen = args.number("listen", 0, 65535);
  if (!listen) throw UsageError("pump-sim needs --listen PORT (0 picks a free port)");
  const std::string gateway = args.value_or("gateway", "");
  const size_t colon = gateway.rfind(':');
  char* end = nullptr;
  const long gateway_port =
      colon == std::string::npos ? 0 : std::strtol(gateway.c_str() + colon + 1, &end, 10);
  if (colon == 0 || colon == std::string::npos || *end != '\0' || gateway_port < 1 ||
      gateway_port > 65535) {
    throw UsageError("pump-sim needs --gateway HOST:PORT (the gateway's MLLP channel)");
  }
  const std::optional<ScenarioChoice> scenario =
      parse_scenario(args.value_or("scenario", "normal"));
  if (!scenario) {
    throw UsageError(
        "--scenario expects normal, occlusion, pause-resume, hypertension, spo2-drop, "
        "disconnect or mixed");
  }
  const double speed = real_number(args, "speed", 1.0, 0.001, 100000);
  const double duration_limit = real_number(args, "duration-limit", 0, 0, 1e9);

  const sigset_t signals = block_shutdown_signals();
  const VirtualClock clock(speed);
  FleetOptions options;
  options.pumps = static_cast<int>(args.number("pumps", 1, 255).value_or(4));
  options.scenario = *scenario;
  options.reject_rate = real_number(args, "reject-rate", 0, 0, 1);
  options.seed = args.value("seed") ? static_cast<uint64_t>(*args.number("seed", 0, 2147483647))
                                    : std::random_device{}();
  options.control_prefix = run_prefix(clock::now_us());

  GatewayLink link(gateway.substr(0, colon), static_cast<uint16_t>(gateway_port));
  ConsoleOutput out(link);
  Fleet fleet(options, out);
  std::mutex fleet_mutex;

  config::MllpChannelConfig channel;
  channel.name = "pump-sim";
  channel.bind = "127.0.0.1";
  channel.port = static_cast<uint16_t>(*listen);
  channel.max_connections = 16;
  mllp::MllpServer server(channel, [&](const mllp::InboundFrame& frame, const mllp::PeerInfo&) {
    std::lock_guard<std::mutex> lock(fleet_mutex);
    return std::vector<std::string>{fleet.on_program(frame.payload, clock.now_us())};
  });
  server.start();
  out.line("listening pump-sim " + server.address());
  link.start();
  {
    std::lock_guard<std::mutex> lock(fleet_mutex);
    fleet.start(clock.now_us());
  }

  const std::timespec tick{0, 20'000'000};  // 20 ms of real time between steps
  const auto started = std::chrono::steady_clock::now();
  for (;;) {
    const int signal_number = sigtimedwait(&signals, nullptr, &tick);
    if (signal_number == SIGTERM || signal_number == SIGINT) break;
    if (duration_limit > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() >=
            duration_limit) {
      break;
    }
    std::lock_guard<std::mutex> lock(fleet_mutex);
    fleet.advance(clock.now_us());
  }
  server.stop();
  link.stop();
  out.line("pump-sim stopped: " + std::to_string(link.acknowledged()) +
           " messages acknowledged by the gateway");
  return 0;
}

}  // namespace titrate::app
