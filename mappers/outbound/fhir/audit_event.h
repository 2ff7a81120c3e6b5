#pragma once

#include <string>
#include <string_view>

#include "gateway/model/audit_record.h"

// A FHIR R4 AuditEvent for an audit record, in IHE ATNA and Basic Audit Log Patterns (BALP)
// vocabulary:
//   type     rest (audit-event-type) for FHIR API interactions, with the restful-interaction
//            as subtype; DCM 110107 Import for inbound messages, 110106 Export for pushes,
//            110113 Security Alert with 110131 Software Configuration for configuration
//            reloads and 110126 Node Authentication for refused TLS peers, 110100 Application
//            Activity with 110120 / 110121 for start and stop
//   agent    DCM 110153 Source Role ID / 110152 Destination Role ID, name, altId = the TLS
//            client certificate's subject, network address (type 2 IP, 1 host name)
//   source   the gateway node (site, observer display) as an Application Server (type 4)
//   entity   audit-entity-type 2 System Object, object-role 4 Domain Resource / 24 Query
//            (query = base64 of the query string) / 20 Job / 13 Security Resource, details
namespace titrate::outbound::fhir {

struct AuditSource {
  std::string site;      // the node's host name
  std::string observer;  // "Titrate <version>"
};

struct AuditCode {
  std::string_view system, code, display;
};
AuditCode audit_event_type(model::AuditKind kind);
// The subtype a kind always has; an empty code when the record names its own (rest, import,
// export: AuditRecord::subtype, in restful-interaction unless subtype_system says otherwise).
AuditCode audit_fixed_subtype(model::AuditKind kind);
AuditCode audit_record_subtype(const model::AuditRecord& record);
std::string_view audit_action_code(model::AuditAction action);  // C R U D E

std::string audit_event_json(const model::AuditRecord& record, std::string_view id,
                             const AuditSource& source);

// "10.1.2.3:5555" -> "10.1.2.3", "[::1]:80" -> "::1", anything else unchanged.
std::string network_address(std::string_view peer);

}  // namespace titrate::outbound::fhir
