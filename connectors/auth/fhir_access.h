#pragma once

#include <string>
#include <vector>

#include "connectors/auth/smart_scopes.h"
#include "connectors/http/http_server.h"

// What a FHIR API request needs in SMART scope terms: read and vread -> r, search -> s,
// create (POST /fhir/{type}, and every resource of a POST /fhir Bundle) -> c, update (PUT,
// PATCH) -> u, delete -> d. GET /fhir/metadata is public.
namespace titrate::auth {

struct RequiredAccess {
  std::string resource_type;
  Permission permission;
};

struct FhirAccess {
  bool is_public = false;
  std::vector<RequiredAccess> required;  // every one must be granted
};

FhirAccess fhir_access(const http::Request& request);

}  // namespace titrate::auth
