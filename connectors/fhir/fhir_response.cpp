#include "connectors/fhir/fhir_response.h"

#include "mappers/inbound/fhir/map_fhir.h"

namespace titrate::fhir {

http::Response outcome_response(int status, const char* code, const std::string& message) {
  http::Response r;
  r.status = status;
  r.content_type = kFhirJson;
  model::MappingIssue issue;
  issue.code = code;
  issue.message = message;
  r.body = inbound::fhir::operation_outcome({issue});
  return r;
}

}  // namespace titrate::fhir
