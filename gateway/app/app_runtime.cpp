#include "gateway/app/app_runtime.h"

#include <filesystem>

#include "gateway/log/log.h"

namespace titrate::app {

config::GatewayConfig load_config(const CliArgs& args) {
  config::GatewayConfig config =
      config::load_gateway_config(args.value_or("config", kDefaultConfig));
  if (auto dir = args.value("data-dir")) config.data_dir = *dir;
  const std::string level = args.value_or("log-level", config.log_level);
  if (level == "debug")
    log::set_min_level(log::Level::kDebug);
  else if (level == "info")
    log::set_min_level(log::Level::kInfo);
  else if (level == "warning")
    log::set_min_level(log::Level::kWarning);
  else if (level == "error")
    log::set_min_level(log::Level::kError);
  else
    throw UsageError("--log-level expects debug, info, warning or error");
  return config;
}

std::string journal_path(const config::GatewayConfig& config) {
  return (std::filesystem::path(config.data_dir) / config.journal_file).string();
}

std::unique_ptr<store::Journal> open_journal(const config::GatewayConfig& config) {
  std::filesystem::create_directories(config.data_dir);
  store::JournalOptions options;
  options.path = journal_path(config);
  options.max_batch = config.journal_max_batch;
  return std::make_unique<store::Journal>(options);
}

bool is_json_payload(std::string_view payload) {
  if (payload.substr(0, 3) == "\xEF\xBB\xBF") payload.remove_prefix(3);
  const size_t first = payload.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && payload[first] == '{';
}

std::string printable_segments(std::string_view message) {
  std::string out(message);
  for (char& c : out) {
    if (c == '\r') c = '\n';
  }
  if (!out.empty() && out.back() != '\n') out.push_back('\n');
  return out;
}

}  // namespace titrate::app
