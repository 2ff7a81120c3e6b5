#include "gateway/audit/audit_index.h"

#include <string>

#include "gateway/audit/audit_records.h"
#include "mappers/outbound/fhir/audit_event.h"

namespace titrate::audit {
namespace {

using store::IndexEntry;
using store::IndexKind;

void token(std::vector<IndexEntry>& out, std::string param, std::string_view system,
           std::string value) {
  if (value.empty()) return;
  out.push_back({std::move(param), IndexKind::kToken, std::string(system), std::move(value), 0, 0});
}

void text(std::vector<IndexEntry>& out, std::string param, std::string value) {
  if (value.empty()) return;
  out.push_back({std::move(param), IndexKind::kString, {}, std::move(value), 0, 0});
}

// "MedicationAdministration/ma-1/_history/2" -> "MedicationAdministration/ma-1"
std::string without_history(const std::string& reference) {
  const size_t history = reference.find("/_history/");
  return history == std::string::npos ? reference : reference.substr(0, history);
}

}  // namespace

std::vector<IndexEntry> audit_index_entries(const model::AuditRecord& record) {
  std::vector<IndexEntry> out;
  out.push_back({"date", IndexKind::kDate, {}, {}, record.recorded_us, record.recorded_us + 1});
  const outbound::fhir::AuditCode type = outbound::fhir::audit_event_type(record.kind);
  token(out, "type", type.system, std::string(type.code));
  const outbound::fhir::AuditCode subtype = outbound::fhir::audit_record_subtype(record);
  token(out, "subtype", subtype.system, std::string(subtype.code));
  token(out, "action", {}, std::string(outbound::fhir::audit_action_code(record.action)));
  token(out, "outcome", {}, std::to_string(static_cast<int>(record.outcome)));
  for (const model::AuditAgent& agent : record.agents) {
    // The gateway is an agent of every record: an index entry for it would find them all.
    if (agent.name != kGatewayAgentName) text(out, "agent-name", agent.name);
    text(out, "address", outbound::fhir::network_address(agent.address));
    token(out, "altid", {}, agent.certificate_subject);
  }
  for (const model::AuditEntity& entity : record.entities) {
    if (!entity.reference.empty()) {
      out.push_back({"entity", IndexKind::kReference, {}, without_history(entity.reference), 0, 0});
    }
  }
  return out;
}

}  // namespace titrate::audit
