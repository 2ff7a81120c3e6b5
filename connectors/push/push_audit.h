#pragma once

#include "connectors/push/push_transport.h"
#include "gateway/config/gateway_config.h"
#include "gateway/model/audit_record.h"
#include "gateway/store/outbox.h"

// The audit record of one push attempt (DCM 110106 Export): the gateway as source and
// requestor, the destination as Destination Role ID with its host, the resource at its version
// (FHIR, subtype update) or the HL7v2 message (subtype its trigger event, MSH-10 as detail).
// Outcome: delivered 0, failed and retried 4, rejected or dead-lettered 8.
namespace titrate::push {

model::AuditRecord push_record(const config::PushDestinationConfig& destination,
                               const store::OutboxRow& row, const DeliveryResult& result);

}  // namespace titrate::push
