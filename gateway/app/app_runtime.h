#pragma once

#include <memory>
#include <string>

#include "gateway/app/cli_args.h"
#include "gateway/config/gateway_config.h"
#include "gateway/store/journal.h"

namespace titrate::app {

inline constexpr const char* kDefaultConfig = "config/gateway.json";

// The config named by --config (default config/gateway.json) with --data-dir applied.
config::GatewayConfig load_config(const CliArgs& args);

// Opens the journal in the config's data directory, creating the directory if needed.
std::unique_ptr<store::Journal> open_journal(const config::GatewayConfig& config);

// The path of the journal's database (which also holds the embedded bus and module state).
std::string journal_path(const config::GatewayConfig& config);

// True when the payload is JSON (FHIR) rather than HL7v2: its first non-blank byte is '{'.
bool is_json_payload(std::string_view payload);

// An HL7v2 message with one segment per line, for a terminal.
std::string printable_segments(std::string_view message);

}  // namespace titrate::app
