#pragma once

#include <string>
#include <vector>

#include "connectors/fhir/fhir_read_routes.h"
#include "connectors/http/http_server.h"
#include "gateway/store/resource_store.h"

// Every GET route of the FHIR API over the resource store: GET /fhir/metadata
// (fhir_metadata_route.h), read / vread / search (fhir_read_routes.h), and a 405
// OperationOutcome for PUT, PATCH and DELETE under /fhir/ (the API is read-only; POST is the
// ingest routes').
namespace titrate::fhir {

struct FhirApiOptions {
  std::string base_url;  // http.public_base_url; empty: from the request's Host
  // fhir-profiles/CapabilityStatement-titrate.json (config.fhir_profiles + "/" +
  // kCapabilityStatementFile)
  std::string capability_statement;
};

// Loads the CapabilityStatement: throws config::ConfigError when it is missing or invalid, so
// call it at start-up.
std::vector<http::Route> fhir_api_routes(store::ResourceStore& store,
                                         const FhirApiOptions& options);
std::vector<http::Route> fhir_api_routes(FhirStores stores, const FhirApiOptions& options);

}  // namespace titrate::fhir
