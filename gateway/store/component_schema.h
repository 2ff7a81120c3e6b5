// Tables that a component of the store (resources, push outbox) adds to the journal's database
// (internal to gateway/store).
#pragma once

#include <Poco/Data/Session.h>

#include <span>
#include <string>

namespace titrate::store::detail {

// Runs `ddl` (CREATE ... IF NOT EXISTS) in a write transaction of its own and records
// `version` for `component` in schema_version the first time. Throws JournalError when the
// database holds another version of the component, or on a database failure (`what` names the
// tables in the message: "the outbox table").
void create_component_schema(Poco::Data::Session& session, const std::string& component,
                             std::span<const char* const> ddl, int version,
                             const std::string& what);

}  // namespace titrate::store::detail
