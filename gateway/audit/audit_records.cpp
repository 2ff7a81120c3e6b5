#include "gateway/audit/audit_records.h"

namespace titrate::audit {

using model::AuditAction;
using model::AuditKind;
using model::AuditOutcome;
using store::JournalState;

model::AuditAgent gateway_agent(bool requestor, bool source) {
  model::AuditAgent agent;
  agent.name = std::string(kGatewayAgentName);
  agent.requestor = requestor;
  agent.source = source;
  return agent;
}

void set_trigger_event_subtype(model::AuditRecord& record, std::string_view message_type) {
  const size_t caret = message_type.find('^');
  if (caret == std::string_view::npos) return;
  const std::string_view rest = message_type.substr(caret + 1);
  const std::string_view event = rest.substr(0, rest.find('^'));
  if (event.empty()) return;
  record.subtype_system = "http://terminology.hl7.org/CodeSystem/v2-0003";
  record.subtype = std::string(event);
}

model::AuditRecord hl7v2_import_record(std::string_view channel, std::string_view peer_address,
                                       std::string_view certificate_subject,
                                       const ingest::Hl7v2IngestResult& result) {
  model::AuditRecord record;
  record.kind = AuditKind::kImport;
  record.action = AuditAction::kCreate;
  set_trigger_event_subtype(record, result.message_type);
  const bool journaled = result.journal_id != 0;
  switch (result.state) {
    case JournalState::kAccepted:
      record.outcome = AuditOutcome::kSuccess;
      record.outcome_text = result.duplicate ? "duplicate, answered with the original ack" : "";
      break;
    case JournalState::kRejected:
      record.outcome = AuditOutcome::kMinorFailure;
      record.outcome_text = journaled ? "rejected; see the journal entry"
                                      : "refused before it was journaled (e.g. a rate limit)";
      break;
    case JournalState::kFailed:
      record.outcome = AuditOutcome::kSeriousFailure;
      record.outcome_text =
          journaled ? "not mapped; see the journal entry" : "not stored: the journal failed";
      break;
  }
  model::AuditAgent sender;
  sender.name = result.sender;
  sender.address = std::string(peer_address);
  sender.certificate_subject = std::string(certificate_subject);
  sender.requestor = true;
  sender.source = true;
  record.agents.push_back(std::move(sender));
  record.agents.push_back(gateway_agent(false, false));
  model::AuditEntity message;
  message.name = result.message_type;
  message.role = model::AuditEntityRole::kJob;
  message.details.emplace_back("channel", std::string(channel));
  message.details.emplace_back("MSH-10", result.control_id);
  if (journaled) message.details.emplace_back("journal", std::to_string(result.journal_id));
  record.entities.push_back(std::move(message));
  return record;
}

model::AuditRecord configuration_record(std::string_view what, std::string_view source,
                                        std::string_view error) {
  model::AuditRecord record;
  record.kind = AuditKind::kConfiguration;
  record.action = AuditAction::kUpdate;
  record.outcome = error.empty() ? AuditOutcome::kSuccess : AuditOutcome::kSeriousFailure;
  record.outcome_text = std::string(error);
  record.agents.push_back(gateway_agent(true, true));
  model::AuditEntity entity;
  entity.name = std::string(what);
  entity.role = model::AuditEntityRole::kSecurityResource;
  entity.details.emplace_back("source", std::string(source));
  record.entities.push_back(std::move(entity));
  return record;
}

model::AuditRecord application_record(bool start) {
  model::AuditRecord record;
  record.kind = start ? AuditKind::kApplicationStart : AuditKind::kApplicationStop;
  record.action = AuditAction::kExecute;
  record.agents.push_back(gateway_agent(true, true));
  return record;
}

model::AuditRecord node_authentication_record(std::string_view channel,
                                              std::string_view peer_address,
                                              std::string_view error) {
  model::AuditRecord record;
  record.kind = AuditKind::kNodeAuthentication;
  record.action = AuditAction::kExecute;
  record.outcome = AuditOutcome::kMinorFailure;
  record.outcome_text = "TLS handshake refused: " + std::string(error);
  model::AuditAgent peer;
  peer.address = std::string(peer_address);
  peer.requestor = true;
  record.agents.push_back(std::move(peer));
  record.agents.push_back(gateway_agent(false, false));
  model::AuditEntity entity;
  entity.name = "channel " + std::string(channel);
  entity.role = model::AuditEntityRole::kSecurityResource;
  record.entities.push_back(std::move(entity));
  return record;
}

}  // namespace titrate::audit
