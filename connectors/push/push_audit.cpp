#include "connectors/push/push_audit.h"

#include <Poco/URI.h>

#include <string>

#include "gateway/audit/audit_records.h"

namespace titrate::push {
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
  // PushService checked base_url with Poco::URI when it built the transport.
  ehr.address =
      destination.type == "hl7v2" ? destination.host : Poco::URI(destination.base_url).getHost();
  ehr.source = false;
  record.agents.push_back(std::move(ehr));

  model::AuditEntity entity;
  entity.role = model::AuditEntityRole::kDomainResource;
  if (row.kind == "hl7v2") {
    audit::set_trigger_event_subtype(record, row.resource_type);
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
