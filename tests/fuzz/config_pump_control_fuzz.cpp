// libFuzzer target: the pump-control config parsed from JSON text. A ConfigError (a located mistake) is the
// only acceptable failure; any other exception escapes and is reported as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pump-control/pump_control_config.h"
#include "gateway/config/config_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  try {
    titrate::pump_control::parse_pump_control_config(json, "fuzz.json");
  } catch (const titrate::config::ConfigError& e) {
    if (e.file().empty()) std::abort();  // every error names its file
  }
  return 0;
}
