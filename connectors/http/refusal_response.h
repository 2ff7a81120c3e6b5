#pragma once

#include <string>
#include <string_view>

#include "connectors/http/http_server.h"

namespace titrate::http {

// The answer to a refused request: an OperationOutcome with one issue of FHIR issue type
// `issue_code` ("throttled", "too-long", "timeout", ...) under /fhir, plain text elsewhere.
Response refusal_response(int status, std::string_view path, const char* issue_code,
                          const std::string& text);

}  // namespace titrate::http
