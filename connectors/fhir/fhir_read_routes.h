#pragma once

#include <string>
#include <vector>

#include "connectors/http/http_server.h"
#include "gateway/store/resource_store.h"

namespace titrate::fhir {

// GET /fhir/{type}/{id} (read, ETag / If-None-Match / Last-Modified), GET
// /fhir/{type}/{id}/_history/{vid} (vread) and GET /fhir/{type}?params (searchset Bundle) over
// the resource store, for the types fhir_search_query.h lists. `base_url` is the public FHIR
// base without a trailing slash ("https://gw.example/fhir"), or empty for "http(s)://" + the
// request's Host + "/fhir"; Bundle fullUrls and links start with it. Paging: _count (default 50, at
// most 500) and _getpagesoffset.
std::vector<http::Route> fhir_read_routes(store::ResourceStore& store, std::string base_url);

// Where each type is read from: AuditEvent from the audit store, the rest from the resource
// store. A type whose store is null is not served (404).
struct FhirStores {
  store::ResourceStore* resources = nullptr;
  store::ResourceStore* audit = nullptr;
};
std::vector<http::Route> fhir_read_routes(FhirStores stores, std::string base_url);

}  // namespace titrate::fhir
