#pragma once

#include <cstdint>
#include <string>
#include <vector>

// Builds TZif bytes (RFC 8536) for tests: one local time type per offset, "UTC" designations.
namespace titrate::profile::test {

struct TzifSpec {
  char version = '2';                // 0 for version 1
  std::vector<int64_t> transitions;  // UTC seconds
  std::vector<uint8_t> type_after;   // type index per transition
  std::vector<int32_t> offsets;      // seconds east of UTC per type
  std::string footer;                // v2+ only
};

inline void put32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

inline void put64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

inline void put_block(std::string& out, const TzifSpec& spec, bool wide) {
  out += "TZif";
  out.push_back(spec.version);
  out.append(15, '\0');
  put32(out, 0);  // isutcnt
  put32(out, 0);  // isstdcnt
  put32(out, 0);  // leapcnt
  put32(out, static_cast<uint32_t>(spec.transitions.size()));
  put32(out, static_cast<uint32_t>(spec.offsets.size()));
  put32(out, 4);  // charcnt: "UTC\0"
  for (int64_t t : spec.transitions) {
    if (wide) {
      put64(out, static_cast<uint64_t>(t));
    } else {
      put32(out, static_cast<uint32_t>(static_cast<int32_t>(t)));
    }
  }
  for (uint8_t type : spec.type_after) out.push_back(static_cast<char>(type));
  for (int32_t offset : spec.offsets) {
    put32(out, static_cast<uint32_t>(offset));
    out.push_back('\0');  // isdst
    out.push_back('\0');  // desigidx
  }
  out.append("UTC", 4);
}

inline std::string make_tzif(const TzifSpec& spec) {
  std::string out;
  put_block(out, spec, false);
  if (spec.version == 0) return out;
  put_block(out, spec, true);
  out += "\n" + spec.footer + "\n";
  return out;
}

}  // namespace titrate::profile::test
