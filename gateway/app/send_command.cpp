#include <cstdio>
#include <filesystem>

#include "connectors/mllp/mllp_client.h"
#include "gateway/app/app_runtime.h"
#include "gateway/app/cli_args.h"
#include "gateway/app/commands.h"
#include "gateway/config/read_file.h"
#include "mappers/hl7v2/batch.h"
#include "mappers/hl7v2/message.h"

namespace titrate::app {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::optional<std::string> bytes = config::read_file(path);
  if (!bytes) throw std::runtime_error("cannot read " + path.string());
  return std::move(*bytes);
}

}  // namespace

int run_send(const std::vector<std::string>& raw_args) {
  CliArgs args(raw_args, {"tls-ca", "tls-cert", "tls-key", "timeout"});
  if (args.positional().size() < 2) throw UsageError("send needs HOST:PORT and at least one FILE");
  const std::string& target = args.positional()[0];
  const size_t colon = target.rfind(':');
  if (colon == std::string::npos) throw UsageError("expected HOST:PORT, got " + target);
  const std::string host = target.substr(0, colon);
  const long port = std::strtol(target.c_str() + colon + 1, nullptr, 10);
  if (port <= 0 || port > 65535) throw UsageError("bad port in " + target);

  std::optional<config::TlsConfig> tls;
  if (args.value("tls-ca") || args.value("tls-cert")) {
    tls.emplace();
    tls->ca = args.value_or("tls-ca", "");
    tls->certificate = args.value_or("tls-cert", "");
    tls->private_key = args.value_or("tls-key", "");
  }
  const long timeout = args.number("timeout", 1, 3600).value_or(30);
  mllp::MllpClient client(host, static_cast<uint16_t>(port), tls, Poco::Timespan(timeout, 0));
  client.connect();

  int not_accepted = 0;
  for (size_t f = 1; f < args.positional().size(); ++f) {
    const std::string& path = args.positional()[f];
    const std::string bytes = read_file(path);
    const hl7v2::SplitResult split = hl7v2::split_messages(bytes);
    for (const hl7v2::Diagnostic& d : split.diagnostics) {
      std::fprintf(stderr, "%s: %s: %s\n", path.c_str(), d.location.to_string().c_str(),
                   d.message.c_str());
    }
    for (size_t i = 0; i < split.messages.size(); ++i) {
      const std::string ack = client.exchange(split.messages[i]);
      const hl7v2::Message parsed = hl7v2::parse(ack);
      const std::string code = parsed.text("MSA-1").value_or("?");
      if (code != "AA" && code != "CA") ++not_accepted;
      std::printf("%s #%zu: %s\n%s\n", path.c_str(), i + 1, code.c_str(),
                  printable_segments(ack).c_str());
    }
  }
  client.close();
  return not_accepted == 0 ? 0 : 1;
}

}  // namespace titrate::app
