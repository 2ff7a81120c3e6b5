#pragma once

#include <optional>
#include <string>

#include "connectors/http/http_server.h"

// What every FHIR endpoint answers with: the media type, and an OperationOutcome for errors.
namespace titrate::fhir {

inline constexpr const char* kFhirJson = "application/fhir+json; charset=utf-8";

// One issue with its FHIR issue-type code ("not-found", "invalid", ...) and a message.
http::Response outcome_response(int status, const char* code, const std::string& message);

// A 406 OperationOutcome when the request asks only for what Titrate cannot serve: an Accept
// header with no JSON media type (application/fhir+json, application/json, */* and
// application/* are fine; parameters are ignored) or a _format other than json,
// application/json or application/fhir+json. nullopt when JSON is acceptable.
std::optional<http::Response> refuse_unacceptable(const http::Request& request);

// `configured` (the public FHIR base, no trailing slash) or, when empty, "http://" (or
// "https://" for a request that came over TLS) + the request's Host + "/fhir".
std::string fhir_base_url(const std::string& configured, const http::Request& request);

}  // namespace titrate::fhir
