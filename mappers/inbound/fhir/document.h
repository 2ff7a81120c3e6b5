#pragma once

#include <optional>
#include <string>

#include "mappers/inbound/fhir/issues.h"
#include "mappers/inbound/fhir/json_tree.h"
#include "mappers/inbound/fhir/map_fhir.h"

namespace titrate::inbound::fhir {

// The parsed and validated top-level resource, or nullopt with the issues saying why.
// Validation warnings are added to `issues` as well.
std::optional<JsonValue> read_document(std::string_view json, const FhirLimits& limits,
                                       Issues& issues);

}  // namespace titrate::inbound::fhir
