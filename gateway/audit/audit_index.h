#pragma once

#include <vector>

#include "gateway/model/audit_record.h"
#include "gateway/store/resource_store.h"

// The search index entries of a stored AuditEvent, by R4 AuditEvent search parameter:
//   date (recorded), type, subtype, action, outcome (tokens), agent-name (but not the gateway's
//   own, an agent of every record), address (strings),
//   altid (token: a TLS client certificate's subject), entity (reference "Type/id", without
//   _history).
// Built from the record the AuditEvent is written from (mappers/outbound/fhir/audit_event.h), so
// the two say the same.
namespace titrate::audit {

std::vector<store::IndexEntry> audit_index_entries(const model::AuditRecord& record);

}  // namespace titrate::audit
