#pragma once

#include <string>
#include <string_view>

#include "gateway/ingest/hl7v2_ingest.h"
#include "gateway/model/audit_record.h"

// The audit records of the gateway's own events: inbound HL7v2 messages, configuration
// reloads, start and stop. (FHIR API requests: connectors/fhir/audited_routes.h; pushes:
// connectors/push/push_audit.h.)
namespace titrate::audit {

inline constexpr std::string_view kGatewayAgentName = "titrate";

// An HL7v2 message type ("ORM^O01^ORM_O01", "RAS^O17") as the record's subtype: its trigger
// event in v2-0003. Leaves the subtype unset when there is no trigger event.
void set_trigger_event_subtype(model::AuditRecord& record, std::string_view message_type);

// The gateway itself as an agent.
model::AuditAgent gateway_agent(bool requestor, bool source);

// An HL7v2 message received on an MLLP channel, accepted (0), refused by its sender check or
// parse (4) or not mapped / not stored (8). Entity: the message (MSH-9 as name, MSH-10 and the
// journal id as details), never its content.
model::AuditRecord hl7v2_import_record(std::string_view channel, std::string_view peer_address,
                                       std::string_view certificate_subject,
                                       const ingest::Hl7v2IngestResult& result);

// A reload of `what` ("mapping profiles") from `source`; an empty `error` is a success.
model::AuditRecord configuration_record(std::string_view what, std::string_view source,
                                        std::string_view error);

model::AuditRecord application_record(bool start);

// A peer refused in the TLS handshake on a channel (DCM 110126 Node Authentication, outcome 4).
model::AuditRecord node_authentication_record(std::string_view channel,
                                              std::string_view peer_address,
                                              std::string_view error);

}  // namespace titrate::audit
