#include "connectors/fhir/fhir_routes.h"

#include "connectors/fhir/fhir_response.h"

namespace titrate::fhir {
namespace {

bool json_content_type(const std::string& value) {
  return value.empty() || value.rfind("application/fhir+json", 0) == 0 ||
         value.rfind("application/json", 0) == 0;
}

http::Response handle(ingest::FhirIngest& ingest, const http::Request& request,
                      std::string_view type) {
  if (!json_content_type(request.header("Content-Type"))) {
    return outcome_response(415, "not-supported", "send application/fhir+json");
  }
  ingest::FhirInbound inbound;
  inbound.path_type = type;
  inbound.body = request.body;
  const std::string client = request.header("X-Titrate-Client");
  inbound.client = client.empty() ? "anonymous" : client;
  const std::string if_none_exist = request.header("If-None-Exist");
  inbound.if_none_exist = if_none_exist;
  ingest::FhirIngestResult result = ingest.accept(inbound);
  http::Response r;
  r.status = result.status;
  r.content_type = kFhirJson;
  r.body = std::move(result.body);
  if (!result.location.empty()) r.headers.emplace_back("Location", "/fhir/" + result.location);
  return r;
}

}  // namespace

std::vector<http::Route> fhir_ingest_routes(ingest::FhirIngest& ingest) {
  std::vector<http::Route> routes;
  routes.push_back({"POST", "/fhir", [&ingest](const http::Request& request) {
                      return handle(ingest, request, {});
                    }});
  routes.push_back({"POST", "/fhir/", [&ingest](const http::Request& request) {
                      const std::string_view type = std::string_view(request.path).substr(6);
                      if (!ingest::fhir_type_accepted(type)) {
                        return outcome_response(404, "not-supported",
                                                "POST is not supported for this resource type");
                      }
                      return handle(ingest, request, type);
                    }});
  return routes;
}

}  // namespace titrate::fhir
