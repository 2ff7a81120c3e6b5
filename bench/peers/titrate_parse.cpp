// titrate_peer_parse: Titrate's side of the peer parse benchmark (bench/peer_bench.py). Reads a
// message set (one HL7v2 message a line, segments ended by CR) and parses every message again
// and again, on one thread, until at least --seconds have passed; prints one JSON line like the
// peers' drivers (bench/peers/*_parse.*):
//
//   titrate_peer_parse FILE [--seconds S]
//   {"parser":"titrate","messages":..,"bytes":..,"seconds":..,"passes":..,"errors":..}

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/hl7v2/message.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string_view> lines(const std::string& text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.emplace_back(text.data() + start, end - start);
    start = end + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: titrate_peer_parse FILE [--seconds S]\n");
    return 2;
  }
  double min_seconds = 1.0;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0) min_seconds = std::strtod(argv[i + 1], nullptr);
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "titrate_peer_parse: cannot read %s\n", argv[1]);
    return 1;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<std::string_view> messages = lines(text);
  size_t set_bytes = 0;
  for (std::string_view m : messages) set_bytes += m.size();

  titrate::hl7v2::ParseLimits limits;
  titrate::hl7v2::Message reuse;
  uint64_t passes = 0, parsed = 0, errors = 0, segments = 0;
  const auto started = Clock::now();
  double seconds = 0;
  do {
    for (std::string_view m : messages) {
      titrate::hl7v2::parse_into(m, limits, reuse);
      segments += reuse.segment_count();
      if (!reuse.ok()) ++errors;
    }
    parsed += messages.size();
    ++passes;
    seconds = std::chrono::duration<double>(Clock::now() - started).count();
  } while (seconds < min_seconds);
  std::printf(
      "{\"parser\":\"titrate\",\"messages\":%llu,\"bytes\":%llu,\"seconds\":%.6f,\"passes\":%llu,"
      "\"errors\":%llu,\"segments\":%llu}\n",
      static_cast<unsigned long long>(parsed), static_cast<unsigned long long>(passes * set_bytes),
      seconds, static_cast<unsigned long long>(passes),
      static_cast<unsigned long long>(errors / passes),
      static_cast<unsigned long long>(segments / passes));
  return 0;
}
