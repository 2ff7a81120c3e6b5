// The resource store's backends for tests that run on both: SQLite (a file in a temporary
// directory) and PostgreSQL (a new database on the test executable's PostgreSQL server, which
// starts at the first use and stops after the last test).
#pragma once

#include <optional>
#include <string>

#include "../bus/bus_test_support.h"
#include "gateway/store/resource_store.h"

namespace titrate::test {

enum class StoreBackend { kSqlite, kPostgres };

// "Sqlite" / "Postgres", for test names.
std::string backend_name(StoreBackend backend);

// Options for a new, empty store: journal.db in `dir`, or a new PostgreSQL database. nullopt
// with the reason in `skip` when PostgreSQL is not installed. Throws when it is but fails.
std::optional<store::ResourceStoreOptions> new_store_options(StoreBackend backend,
                                                             const TempDir& dir, std::string* skip);

}  // namespace titrate::test
