#pragma once

#include <string>

#include "connectors/http/http_server.h"

// What every FHIR endpoint answers with: the media type, and an OperationOutcome for errors.
namespace titrate::fhir {

inline constexpr const char* kFhirJson = "application/fhir+json; charset=utf-8";

// One issue with its FHIR issue-type code ("not-found", "invalid", ...) and a message.
http::Response outcome_response(int status, const char* code, const std::string& message);

}  // namespace titrate::fhir
