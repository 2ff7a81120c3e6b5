#include "mappers/outbound/fhir/audit_event.h"

#include <Poco/Base64Encoder.h>

#include <algorithm>
#include <sstream>

#include "gateway/clock/utc_time.h"
#include "mappers/outbound/fhir/resource_writer.h"

namespace titrate::outbound::fhir {
namespace {

using model::AuditAction;
using model::AuditEntityRole;
using model::AuditKind;

constexpr std::string_view kDcm = "http://dicom.nema.org/resources/ontology/DCM";
constexpr std::string_view kEventType = "http://terminology.hl7.org/CodeSystem/audit-event-type";
constexpr std::string_view kRestfulInteraction = "http://hl7.org/fhir/restful-interaction";
constexpr std::string_view kSourceType =
    "http://terminology.hl7.org/CodeSystem/security-source-type";
constexpr std::string_view kEntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
constexpr std::string_view kObjectRole = "http://terminology.hl7.org/CodeSystem/object-role";

}  // namespace

AuditCode audit_event_type(AuditKind kind) {
  switch (kind) {
    case AuditKind::kRestInteraction:
      return {kEventType, "rest", "RESTful Operation"};
    case AuditKind::kImport:
      return {kDcm, "110107", "Import"};
    case AuditKind::kExport:
      return {kDcm, "110106", "Export"};
    case AuditKind::kApplicationStart:
    case AuditKind::kApplicationStop:
      return {kDcm, "110100", "Application Activity"};
    case AuditKind::kConfiguration:
    case AuditKind::kNodeAuthentication:
      return {kDcm, "110113", "Security Alert"};
  }
  return {};
}

AuditCode audit_fixed_subtype(AuditKind kind) {
  switch (kind) {
    case AuditKind::kConfiguration:
      return {kDcm, "110131", "Software Configuration"};
    case AuditKind::kNodeAuthentication:
      return {kDcm, "110126", "Node Authentication"};
    case AuditKind::kApplicationStart:
      return {kDcm, "110120", "Application Start"};
    case AuditKind::kApplicationStop:
      return {kDcm, "110121", "Application Stop"};
    default:
      return {};
  }
}

std::string_view audit_action_code(AuditAction action) {
  switch (action) {
    case AuditAction::kCreate:
      return "C";
    case AuditAction::kRead:
      return "R";
    case AuditAction::kUpdate:
      return "U";
    case AuditAction::kDelete:
      return "D";
    case AuditAction::kExecute:
      return "E";
  }
  return "E";
}

AuditCode audit_record_subtype(const model::AuditRecord& record) {
  const AuditCode fixed = audit_fixed_subtype(record.kind);
  if (!fixed.code.empty() || record.subtype.empty()) return fixed;
  return {
      record.subtype_system.empty() ? kRestfulInteraction : std::string_view(record.subtype_system),
      record.subtype,
      {}};
}

namespace {

AuditCode role_code(AuditEntityRole role) {
  switch (role) {
    case AuditEntityRole::kDomainResource:
      return {kObjectRole, "4", "Domain Resource"};
    case AuditEntityRole::kQuery:
      return {kObjectRole, "24", "Query"};
    case AuditEntityRole::kJob:
      return {kObjectRole, "20", "Job"};
    case AuditEntityRole::kSecurityResource:
      return {kObjectRole, "13", "Security Resource"};
    case AuditEntityRole::kNone:
      break;
  }
  return {};
}

void coding(ResourceWriter& w, const AuditCode& code) {
  w.start_object();
  w.member("system", code.system);
  w.member("code", code.code);
  w.member("display", code.display);
  w.end_object();
}

void concept_of(ResourceWriter& w, const AuditCode& code) {
  w.start_object();
  w.key("coding");
  w.start_array();
  coding(w, code);
  w.end_array();
  w.end_object();
}

std::string base64(std::string_view text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(text.data(), static_cast<std::streamsize>(text.size()));
  encoder.close();
  return out.str();
}

bool is_ip_address(std::string_view address) {
  if (address.empty()) return false;
  for (const char c : address) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != '.' && c != ':') return false;
  }
  return true;
}

void write_agent(ResourceWriter& w, const model::AuditAgent& agent) {
  w.start_object();
  w.key("type");
  concept_of(w, agent.source ? AuditCode{kDcm, "110153", "Source Role ID"}
                             : AuditCode{kDcm, "110152", "Destination Role ID"});
  if (!agent.name.empty()) {
    w.key("who");
    w.start_object();
    w.member("display", agent.name);
    w.end_object();
  }
  w.member("altId", agent.certificate_subject);
  w.member("name", agent.name);
  w.key("requestor");
  w.boolean(agent.requestor);
  const std::string address = network_address(agent.address);
  if (!address.empty()) {
    w.key("network");
    w.start_object();
    w.member("address", address);
    w.member("type", is_ip_address(address) ? "2" : "1");
    w.end_object();
  }
  w.end_object();
}

void write_entity(ResourceWriter& w, const model::AuditEntity& entity) {
  w.start_object();
  if (!entity.reference.empty()) {
    w.key("what");
    w.start_object();
    w.member("reference", entity.reference);
    w.end_object();
  }
  w.key("type");
  coding(w, {kEntityType, "2", "System Object"});
  if (entity.role != AuditEntityRole::kNone) {
    w.key("role");
    coding(w, role_code(entity.role));
  }
  // R4 sev-1: a name or a query, not both.
  if (entity.query.empty()) w.member("name", entity.name);
  if (!entity.query.empty()) w.member("query", base64(entity.query));
  const bool has_details =
      std::any_of(entity.details.begin(), entity.details.end(),
                  [](const auto& d) { return !d.first.empty() && !d.second.empty(); });
  if (has_details) {
    w.key("detail");
    w.start_array();
    for (const auto& [type, value] : entity.details) {
      if (type.empty() || value.empty()) continue;
      w.start_object();
      w.member("type", type);
      w.member("valueString", value);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

}  // namespace

std::string network_address(std::string_view peer) {
  if (!peer.empty() && peer.front() == '[') {
    const size_t close = peer.find(']');
    return std::string(peer.substr(1, close == std::string_view::npos ? peer.npos : close - 1));
  }
  const size_t colon = peer.rfind(':');
  if (colon != std::string_view::npos && peer.find(':') == colon) {
    return std::string(peer.substr(0, colon));  // host:port; a bare IPv6 address has several
  }
  return std::string(peer);
}

std::string audit_event_json(const model::AuditRecord& record, std::string_view id,
                             const AuditSource& source) {
  ResourceWriter w("AuditEvent", id);
  w.key("type");
  coding(w, audit_event_type(record.kind));
  const AuditCode subtype = audit_record_subtype(record);
  if (!subtype.code.empty()) {
    w.key("subtype");
    w.start_array();
    coding(w, subtype);
    w.end_array();
  }
  w.member("action", audit_action_code(record.action));
  w.member("recorded", clock::iso8601_utc(record.recorded_us));
  w.member("outcome", std::to_string(static_cast<int>(record.outcome)));
  w.member("outcomeDesc", record.outcome_text);
  w.key("agent");
  w.start_array();
  for (const model::AuditAgent& agent : record.agents) write_agent(w, agent);
  w.end_array();
  w.key("source");
  w.start_object();
  w.member("site", source.site);
  w.key("observer");
  w.start_object();
  w.member("display", source.observer);
  w.end_object();
  w.key("type");
  w.start_array();
  coding(w, {kSourceType, "4", "Application Server"});
  w.end_array();
  w.end_object();
  if (!record.entities.empty()) {
    w.key("entity");
    w.start_array();
    for (const model::AuditEntity& entity : record.entities) write_entity(w, entity);
    w.end_array();
  }
  return w.finish();
}

}  // namespace titrate::outbound::fhir
