// The resource store's tables in PostgreSQL (internal to gateway/store): the same tables as
// resource_schema.h's in SQLite, with "C" collation on the text that is compared or sorted so
// that ids sort and strings match bytewise as in SQLite, whatever the database's locale.
#pragma once

#include "gateway/store/postgres_connection.h"

namespace titrate::store::detail {

// Creates the tables and indexes if missing and checks their version, in a transaction that
// holds an advisory lock, so that several nodes starting at once do not race. Throws PgError
// (and JournalError on a version this build cannot read or a database that is not UTF8).
void create_postgres_resource_schema(PgConnection& connection);

}  // namespace titrate::store::detail
