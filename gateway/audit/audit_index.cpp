#include "gateway/audit/audit_index.h"

#include <string>

#include "gateway/audit/audit_records.h"
#include "mappers/outbound/fhir/audit_event.h"

namespace titrate::audit {
namespace {

using store::IndexEntry;
using store::IndexKind;

constexpr std::string_view kDcm = "http://dicom.nema.org/resources/ontology/DCM";

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
  using model::AuditKind;
  std::vector<IndexEntry> out;
  out.push_back({"date", IndexKind::kDate, {}, {}, record.recorded_us, record.recorded_us + 1});
  switch (record.kind) {
    case AuditKind::kRestInteraction:
      token(out, "type", "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest");
      break;
    case AuditKind::kImport:
      token(out, "type", kDcm, "110107");
      break;
    case AuditKind::kExport:
      token(out, "type", kDcm, "110106");
      break;
    case AuditKind::kApplicationStart:
      token(out, "type", kDcm, "110100");
      token(out, "subtype", kDcm, "110120");
      break;
    case AuditKind::kApplicationStop:
      token(out, "type", kDcm, "110100");
      token(out, "subtype", kDcm, "110121");
      break;
    case AuditKind::kConfiguration:
      token(out, "type", kDcm, "110113");
      token(out, "subtype", kDcm, "110131");
      break;
    case AuditKind::kNodeAuthentication:
      token(out, "type", kDcm, "110113");
      token(out, "subtype", kDcm, "110126");
      break;
  }
  const bool own_subtype = record.kind == AuditKind::kRestInteraction ||
                           record.kind == AuditKind::kImport || record.kind == AuditKind::kExport;
  if (own_subtype && !record.subtype.empty()) {
    token(out, "subtype",
          record.subtype_system.empty() ? "http://hl7.org/fhir/restful-interaction"
                                        : std::string_view(record.subtype_system),
          record.subtype);
  }
  static constexpr std::string_view kActions[] = {"C", "R", "U", "D", "E"};
  token(out, "action", {}, std::string(kActions[static_cast<int>(record.action)]));
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
