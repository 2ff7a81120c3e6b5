#pragma once

#include <vector>

#include "mappers/inbound/fhir/issues.h"
#include "mappers/inbound/fhir/references.h"

namespace titrate::inbound::fhir {

// The resources a message carries, indexed for reference resolution: the resource itself, or
// for a transaction or batch Bundle each entry's resource in entry order. Entries that do not
// create or update a resource (no resource, or request.method GET, HEAD, DELETE, PATCH) are
// listed in `unmapped` with a not-supported warning; so is another Bundle type (an error).
std::vector<const Located*> collect_resources(const JsonValue& root, ResourceIndex& index,
                                              Issues& issues, std::vector<std::string>& unmapped);

}  // namespace titrate::inbound::fhir
