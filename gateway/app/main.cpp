#include <Poco/Exception.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "gateway/app/cli_args.h"
#include "gateway/app/commands.h"
#include "gateway/config/config_error.h"

namespace {

constexpr const char* kUsage =
    "usage: titrate <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve   [--config FILE] [--data-dir DIR] [--mllp-port N] [--http-port N] [--log-level L]\n"
    "          [--bus embedded|kafka] [--kafka-bootstrap H:P] [--pump-endpoint H:P]\n"
    "          [--role all|ingest|dosing|pump-control|outbound]\n"
    "          [--auth off|required]\n"
    "          run the gateway (port 0 picks a free port; one 'listening' line per listener)\n"
    "  send    HOST:PORT FILE... [--tls-ca F] [--tls-cert F] [--tls-key F] [--timeout S]\n"
    "          send HL7v2 messages over MLLP and print each acknowledgement\n"
    "  journal list [--state accepted|failed|rejected] [--limit N] [--before ID]\n"
    "  journal show ID\n"
    "  journal replay ID\n"
    "          inspect and replay the message journal ([--config FILE] [--data-dir DIR])\n"
    "  map     [--profile NAME] [--client ID] FILE...\n"
    "  map     --check DIR [--update]\n"
    "          map HL7v2 or FHIR samples without a server; --check compares with "
    "NAME.expected.json\n"
    "  bus     events TOPIC [--after SEQ] [--limit N] [--json]\n"
    "  bus     offsets | dead-letters [--limit N]\n"
    "          what is on the embedded bus ([--config FILE] [--data-dir DIR])\n"
    "  outbox  list [--destination D] [--state pending|delivered|dead|superseded] [--json]\n"
    "  outbox  retry ID | retry --dead [--destination D]\n"
    "          the push outbox to the EHRs ([--config FILE] [--data-dir DIR])\n"
    "  validate [--profiles DIR | --config FILE] [--profile URL] FILE...\n"
    "          check FHIR R4 resources against the gateway's profiles; problems by JSON "
    "pointer\n"
    "  pump-sim --listen PORT --gateway HOST:PORT [--pumps N] [--speed X] [--scenario NAME]\n"
    "          [--reject-rate R] [--seed S] [--duration-limit SECONDS]\n"
    "          simulate an infusion-pump fleet and bedside monitors (IHE PCD) for a gateway\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "serve") return titrate::app::run_serve(args);
    if (command == "send") return titrate::app::run_send(args);
    if (command == "journal") return titrate::app::run_journal(args);
    if (command == "map") return titrate::app::run_map(args);
    if (command == "bus") return titrate::app::run_bus(args);
    if (command == "outbox") return titrate::app::run_outbox(args);
    if (command == "validate") return titrate::app::run_validate(args);
    if (command == "pump-sim") return titrate::app::run_pump_sim(args);
    std::fprintf(stderr, "titrate: unknown command '%s'\n\n%s", command.c_str(), kUsage);
    return 2;
  } catch (const titrate::app::UsageError& e) {
    std::fprintf(stderr, "titrate %s: %s\n\n%s", command.c_str(), e.what(), kUsage);
    return 2;
  } catch (const titrate::config::ConfigError& e) {
    std::fprintf(stderr, "titrate: configuration error: %s\n", e.what());
    return 78;  // EX_CONFIG
  } catch (const Poco::Exception& e) {
    std::fprintf(stderr, "titrate %s: %s\n", command.c_str(), e.displayText().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "titrate %s: %s\n", command.c_str(), e.what());
    return 1;
  }
}
