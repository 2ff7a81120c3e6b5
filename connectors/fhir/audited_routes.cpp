#include "connectors/fhir/audited_routes.h"

#include <string>
#include <string_view>

#include "gateway/audit/audit_records.h"

namespace titrate::fhir {
namespace {

using model::AuditAction;
using model::AuditEntityRole;

constexpr std::string_view kPrefix = "/fhir";

// W/"3" -> "3"
std::string etag_version(const std::string& etag) {
  const size_t open = etag.find('"');
  const size_t close = etag.rfind('"');
  if (open == std::string::npos || close <= open) return {};
  return etag.substr(open + 1, close - open - 1);
}

// ".../fhir/Patient/p1/_history/1" -> "Patient/p1/_history/1"
std::string location_reference(const std::string& location) {
  const size_t at = location.find("/fhir/");
  return at == std::string::npos ? std::string() : location.substr(at + 6);
}

}  // namespace

std::optional<model::AuditRecord> fhir_request_record(const http::Request& request,
                                                      const http::Response& response) {
  if (request.path.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::vector<std::string_view> segments =
      http::path_segments(std::string_view(request.path).substr(kPrefix.size()));
  if (request.method == "GET" && segments.size() == 1 && segments[0] == "metadata")
    return std::nullopt;

  model::AuditRecord record;
  record.kind = model::AuditKind::kRestInteraction;
  model::AuditEntity entity;
  if (request.method == "GET") {
    if (segments.size() <= 1) {
      record.subtype = "search-type";
      record.action = AuditAction::kExecute;
      entity.role = AuditEntityRole::kQuery;
      entity.query = request.query;  // R4 sev-1: an entity has a name or a query, not both
    } else {
      record.action = AuditAction::kRead;
      record.subtype = segments.size() >= 4 ? "vread" : "read";
      entity.role = AuditEntityRole::kDomainResource;
      entity.reference = std::string(segments[0]) + "/" + std::string(segments[1]);
      const std::string version =
          segments.size() >= 4 ? std::string(segments[3]) : etag_version(response.header("ETag"));
      if (!version.empty() && response.status < 400) entity.reference += "/_history/" + version;
    }
  } else if (request.method == "POST") {
    const bool bundle = segments.empty();
    record.subtype = bundle ? "transaction" : "create";
    record.action = bundle ? AuditAction::kExecute : AuditAction::kCreate;
    entity.role = AuditEntityRole::kDomainResource;
    entity.reference = location_reference(response.header("Location"));
    if (entity.reference.empty() && !bundle) entity.name = std::string(segments[0]);
  } else {
    const bool del = request.method == "DELETE";
    record.subtype = del ? "delete" : request.method == "PATCH" ? "patch" : "update";
    record.action = del ? AuditAction::kDelete : AuditAction::kUpdate;
    entity.role = AuditEntityRole::kDomainResource;
    if (segments.size() >= 2)
      entity.reference = std::string(segments[0]) + "/" + std::string(segments[1]);
  }
  if (response.status >= 500) {
    record.outcome = model::AuditOutcome::kSeriousFailure;
  } else if (response.status >= 400) {
    record.outcome = model::AuditOutcome::kMinorFailure;
  }
  if (response.status >= 400) record.outcome_text = "HTTP " + std::to_string(response.status);

  model::AuditAgent client;
  client.name = response.principal;
  client.address = request.peer;
  client.requestor = true;
  client.source = true;
  record.agents.push_back(std::move(client));
  record.agents.push_back(audit::gateway_agent(false, false));
  record.entities.push_back(std::move(entity));
  return record;
}

std::vector<http::Route> audit_fhir_routes(std::vector<http::Route> routes,
                                           audit::AuditTrail& trail) {
  for (http::Route& route : routes) {
    if (route.path.rfind(kPrefix, 0) != 0) continue;
    route.handler = [&trail, inner = std::move(route.handler)](const http::Request& request) {
      http::Response response;
      try {
        response = inner(request);
      } catch (...) {
        http::Response failed;
        failed.status = 500;
        if (auto record = fhir_request_record(request, failed)) trail.record(std::move(*record));
        throw;
      }
      if (auto record = fhir_request_record(request, response)) trail.record(std::move(*record));
      return response;
    };
  }
  return routes;
}

}  // namespace titrate::fhir
