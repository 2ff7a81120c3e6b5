// The push outbox's table in the journal's database (internal to gateway/store).
#pragma once

#include <Poco/Data/Session.h>

namespace titrate::store::detail {

// Creates the table if missing and checks its version, in a write transaction of its own.
// Throws JournalError.
void create_outbox_schema(Poco::Data::Session& session);

}  // namespace titrate::store::detail
