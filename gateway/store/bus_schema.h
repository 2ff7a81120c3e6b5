// The bus tables in the store's database (internal to gateway/store): the embedded bus's log,
// consumer offsets and dead letters, and the module state and handled event ids that the
// embedded bus and ModuleState share. Created with the journal's schema, in the same
// transaction, by every writable open, so the journal, the bus and module state always agree.
#pragma once

#include <Poco/Data/Session.h>

namespace titrate::store::detail {

// Inside the caller's write transaction.
void create_bus_schema(Poco::Data::Session& session);

}  // namespace titrate::store::detail
