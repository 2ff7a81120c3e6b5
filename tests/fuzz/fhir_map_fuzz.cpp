// libFuzzer target: FHIR R4 JSON -> the internal model with the default mapping profile, and the
// OperationOutcome built from its issues.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mappers/inbound/fhir/map_fhir.h"

namespace fhir = titrate::inbound::fhir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const titrate::profile::MappingProfile profile{};
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  const auto mapped = fhir::map_fhir(json, profile);
  fhir::operation_outcome(mapped.issues);
  fhir::http_status_for(mapped);
  return 0;
}
