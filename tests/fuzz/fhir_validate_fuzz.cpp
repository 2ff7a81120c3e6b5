// libFuzzer target: the FHIR R4 validator over the project's definitions (fhir-profiles/), loaded
// once; the input is the resource, validated against its core definition and meta.profile.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mappers/validation/fhir_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto validator = titrate::validation::FhirValidator::load(TITRATE_PROFILES_DIR);
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  validator.validate(json);
  validator.validate(json, "http://fhir.titrate.dev/StructureDefinition/titrate-infusion-order");
  return 0;
}
