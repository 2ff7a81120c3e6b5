#include "connectors/push/push_audit.h"

#include <string>

#include "gateway/audit/audit_records.h"

namespace titrate::push {
namespace {

// "https://ehr.example:8443/fhir" -> "ehr.example"
std::string host_of(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  std::string authority = url.substr(start, end - start);
  if (!authority.empty() && authority.front() == '[') return authority;  // IPv6 with port: as is
  const size_t colon = authority.rfind(':');
  return colon == std::string::npos ? authority : authority.substr(0, colon);
}

}  // namespace

model::AuditRecord push_record(const config::PushDestinationConfig& destination,
                               const store::OutboxRow& row, const DeliveryResult& result) {
  model::AuditRecord record;
  record.kind = model::AuditKind::kExport;
  record.action = model::AuditAction::kRead;
  switch (result.outcome) {
    case DeliveryOutcome::kDelivered:
      record.outcome = model::AuditOutcome::kSuccess;
      break;
    case DeliveryOutcome::kRetry:
      record.outcome = model::AuditOutcome::kMinorFailure;
      record.outcome_text = "failed, will retry: " + result.detail;
      break;
    case DeliveryOutcome::kRejected:
      record.outcome = model::AuditOutcome::kSeriousFailure;
      record.outcome_text = "rejected, dead-lettered: " + result.detail;
      break;
  }
  record.agents.push_back(audit::gateway_agent(true, true));
  model::AuditAgent ehr;
  ehr.name = destination.name;
  ehr.address = destination.type == "hl7v2" ? destination.host : host_of(destination.base_url);
  ehr.source = false;
  record.agents.push_back(std::move(ehr));

  model::AuditEntity entity;
  entity.role = model::AuditEntityRole::kDomainResource;
  if (row.kind == "hl7v2") {
    const size_t caret = row.resource_type.find('^');
    if (caret != std::string::npos) {
      record.subtype_system = "http://terminology.hl7.org/CodeSystem/v2-0003";
      record.subtype = row.resource_type.substr(caret + 1);
    }
    entity.role = model::AuditEntityRole::kJob;
    entity.name = row.resource_type;
    entity.details.emplace_back("MSH-10", row.resource_id);
  } else {
    record.subtype = "update";
    entity.reference =
        row.resource_type + "/" + row.resource_id + "/_history/" + std::to_string(row.version);
  }
  entity.details.emplace_back("outbox", std::to_string(row.id));
  entity.details.emplace_back("attempt", std::to_string(row.attempts + 1));
  record.entities.push_back(std::move(entity));
  return record;
}

}  // namespace titrate::push
