#include "connectors/http/refusal_response.h"

#include "connectors/fhir/fhir_response.h"

namespace titrate::http {

Response refusal_response(int status, std::string_view path, const char* issue_code,
                          const std::string& text) {
  const bool fhir = path == "/fhir" || path.rfind("/fhir/", 0) == 0 || path.rfind("/fhir?", 0) == 0;
  if (fhir) return fhir::outcome_response(status, issue_code, text);
  Response r;
  r.status = status;
  r.body = text + "\n";
  return r;
}

}  // namespace titrate::http
