#include "mappers/outbound/fhir/fhir_id.h"

#include <algorithm>
#include <cstdint>

#include "mappers/outbound/fhir/fhir_resource.h"

namespace titrate::outbound::fhir {
namespace {

constexpr size_t kMaxIdLength = 64;
constexpr size_t kHashDigits = 16;

bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

uint64_t fnv1a(std::string_view s) {
  uint64_t hash = 14695981039346656037ull;
  for (const char c : s) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

void append_hash(std::string& id, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const uint64_t hash = fnv1a(text);
  for (int shift = 60; shift >= 0; shift -= 4) id += kHex[(hash >> shift) & 0xF];
}

}  // namespace

bool is_valid_fhir_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (const char c : id) {
    if (!is_id_char(c)) return false;
  }
  return true;
}

std::string safe_fhir_id(std::string_view stable_id) {
  if (stable_id.empty()) throw OutboundFhirError("empty id for a FHIR resource");
  if (is_valid_fhir_id(stable_id)) return std::string(stable_id);
  std::string id;
  const size_t keep = std::min(stable_id.size(), kMaxIdLength - kHashDigits - 1);
  for (size_t i = 0; i < keep; ++i) id += is_id_char(stable_id[i]) ? stable_id[i] : '-';
  id += '-';
  append_hash(id, stable_id);
  return id;
}

std::string hashed_fhir_id(std::string_view prefix, std::string_view stable_id) {
  if (stable_id.empty()) throw OutboundFhirError("empty id for a FHIR resource");
  std::string id(prefix);
  id += '-';
  append_hash(id, stable_id);
  return id;
}

}  // namespace titrate::outbound::fhir
