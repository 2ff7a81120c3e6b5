// libFuzzer target: load_gateway_config on the input written to a file. A ConfigError (a located
// mistake) is the only acceptable failure; any other exception escapes and is reported as a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "gateway/config/config_error.h"
#include "gateway/config/gateway_config.h"

namespace {

// One private folder per fuzzing process, removed at exit.
const std::string& config_path() {
  static const std::string path = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "titrate-fuzz-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) std::abort();
    static const std::string cleanup_dir = dir;
    std::atexit([] { std::filesystem::remove_all(cleanup_dir); });
    return dir + "/gateway.json";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = config_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  try {
    titrate::config::load_gateway_config(path);
  } catch (const titrate::config::ConfigError& e) {
    if (e.file().empty()) std::abort();  // every error names its file
  }
  return 0;
}
