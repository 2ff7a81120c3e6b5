// The resource store's tables in the store's database (internal to gateway/store): resources
// (current versions), resource_history (every version) and resource_search_index.
#pragma once

#include <Poco/Data/Session.h>

namespace titrate::store::detail {

// Creates the tables if missing and checks their version, in a write transaction of its own.
// Throws JournalError.
void create_resource_schema(Poco::Data::Session& session);

}  // namespace titrate::store::detail
