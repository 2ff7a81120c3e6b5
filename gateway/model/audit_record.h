#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// One security-relevant interaction, recorded as a FHIR R4 AuditEvent (IHE ATNA / BALP
// vocabulary; mappers/outbound/fhir/audit_event.h writes it). Records may name patients'
// resources and queries: they go to the audit store, never to operational logs.
namespace titrate::model {

enum class AuditKind {
  kRestInteraction,   // a FHIR API request: type "rest", subtype the restful-interaction code
  kImport,            // an inbound message accepted or refused (DCM 110107)
  kExport,            // a push to an EHR (DCM 110106)
  kConfiguration,     // a configuration reload (DCM 110113 Security Alert / 110131 Software Config)
  kApplicationStart,  // DCM 110100 Application Activity / 110120
  kApplicationStop,   // DCM 110100 Application Activity / 110121
  kNodeAuthentication,  // a TLS peer refused (DCM 110113 Security Alert / 110126)
};

enum class AuditAction { kCreate, kRead, kUpdate, kDelete, kExecute };  // C R U D E

// FHIR audit-event-outcome: 0 success, 4 minor failure (the request was refused), 8 serious
// failure (the action failed), 12 major failure.
enum class AuditOutcome {
  kSuccess = 0,
  kMinorFailure = 4,
  kSeriousFailure = 8,
  kMajorFailure = 12
};

struct AuditAgent {
  std::string name;     // who, as the gateway knows it: token client id, MSH-3^MSH-4, destination
  std::string address;  // network address (IP or host name), empty when not networked
  std::string certificate_subject;  // a TLS client certificate's subject, when there was one
  bool requestor = false;
  bool source = true;  // DCM 110153 Source Role ID; false: 110152 Destination Role ID
};

enum class AuditEntityRole { kNone, kDomainResource, kQuery, kJob, kSecurityResource };

struct AuditEntity {
  std::string reference;  // "MedicationAdministration/ma-1/_history/2", or empty
  std::string name;       // e.g. the message type "ORM^O01"; never patient data
  AuditEntityRole role = AuditEntityRole::kNone;
  std::string query;                                         // a search's query string (raw)
  std::vector<std::pair<std::string, std::string>> details;  // e.g. {"MSH-10", control id}
};

struct AuditRecord {
  AuditKind kind = AuditKind::kRestInteraction;
  // kRestInteraction: a restful-interaction code (read, vread, search-type, create, transaction,
  // update). kImport / kExport: the same, or an HL7v2 trigger event (subtype_system: v2-0003).
  // Other kinds have a fixed subtype.
  std::string subtype_system, subtype;
  AuditAction action = AuditAction::kExecute;
  AuditOutcome outcome = AuditOutcome::kSuccess;
  std::string outcome_text;  // why it failed; never patient data
  int64_t recorded_us = 0;   // 0: when recorded
  std::vector<AuditAgent> agents;
  std::vector<AuditEntity> entities;
};

}  // namespace titrate::model
