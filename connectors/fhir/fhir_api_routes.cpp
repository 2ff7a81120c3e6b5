#include "connectors/fhir/fhir_api_routes.h"

#include "connectors/fhir/fhir_metadata_route.h"
#include "connectors/fhir/fhir_read_routes.h"
#include "connectors/fhir/fhir_response.h"

namespace titrate::fhir {

std::vector<http::Route> fhir_api_routes(store::ResourceStore& store,
                                         const FhirApiOptions& options) {
  return fhir_api_routes(FhirStores{&store, nullptr}, options);
}

std::vector<http::Route> fhir_api_routes(FhirStores stores, const FhirApiOptions& options) {
  std::vector<http::Route> routes;
  // Before the read routes: "/fhir/" would take /fhir/metadata for a resource type.
  routes.push_back(fhir_metadata_route(CapabilityStatement::load(options.capability_statement),
                                       options.base_url));
  for (http::Route& route : fhir_read_routes(stores, options.base_url)) {
    routes.push_back(std::move(route));
  }
  for (const char* method : {"PUT", "PATCH", "DELETE"}) {
    routes.push_back({method, "/fhir/", [method](const http::Request&) {
                        http::Response r = outcome_response(
                            405, "not-supported",
                            std::string(method) + " is not supported: the FHIR API is read-only");
                        r.headers.emplace_back("Allow", "GET");
                        return r;
                      }});
  }
  return routes;
}

}  // namespace titrate::fhir
