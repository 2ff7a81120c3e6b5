#pragma once

#include <vector>

#include "connectors/http/http_server.h"
#include "gateway/audit/audit_trail.h"

// An AuditEvent (BALP "rest" with the restful-interaction as subtype) for every FHIR request once
// it is answered, refused ones included: read / vread (action R, entity the resource at the version
// served), search-type (E, entity the query), create / transaction (C / E), update, patch, delete.
// The client agent is the authenticated principal (http::Response::principal) and the peer
// address. GET /fhir/metadata is not audited: it is public and carries no patient data.
// Wrap outside the auth guard so refusals (401, 403) are recorded too.
namespace titrate::fhir {

std::vector<http::Route> audit_fhir_routes(std::vector<http::Route> routes,
                                           audit::AuditTrail& trail);

// The record of one answered request; nullopt for requests that are not audited.
std::optional<model::AuditRecord> fhir_request_record(const http::Request& request,
                                                      const http::Response& response);

}  // namespace titrate::fhir
