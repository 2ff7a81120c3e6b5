#include "gateway/store/resource_schema.h"

#include "gateway/store/component_schema.h"

namespace titrate::store::detail {
namespace {

constexpr int kResourceSchemaVersion = 1;

// SQLite dialect only in the rowid tables; PostgreSQL would use TEXT/BIGINT/JSONB as they are.
// The JSON rows are large, so the tables keep their rowid (WITHOUT ROWID suits small rows).
constexpr const char* kResourceSchema[] = {
    "CREATE TABLE IF NOT EXISTS resources ("
    " type TEXT NOT NULL,"
    " id TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " last_updated_us INTEGER NOT NULL,"
    " deleted INTEGER NOT NULL DEFAULT 0,"
    " json TEXT NOT NULL)",
    "CREATE UNIQUE INDEX IF NOT EXISTS resources_key ON resources (type, id)",
    "CREATE INDEX IF NOT EXISTS resources_last_updated ON resources (type, last_updated_us)",
    "CREATE TABLE IF NOT EXISTS resource_history ("
    " type TEXT NOT NULL,"
    " id TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " last_updated_us INTEGER NOT NULL,"
    " deleted INTEGER NOT NULL DEFAULT 0,"
    " json TEXT NOT NULL)",
    "CREATE UNIQUE INDEX IF NOT EXISTS resource_history_key"
    " ON resource_history (type, id, version)",
    // kind: token / reference / date / string; low_us/high_us: a date's period, else 0.
    "CREATE TABLE IF NOT EXISTS resource_search_index ("
    " type TEXT NOT NULL,"
    " id TEXT NOT NULL,"
    " param TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " system TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " low_us INTEGER NOT NULL,"
    " high_us INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS resource_search_index_owner ON resource_search_index (type, id)",
    // With the id last, checking one resource's value is a single index lookup.
    "DROP INDEX IF EXISTS resource_search_index_value",
    "CREATE INDEX IF NOT EXISTS resource_search_index_lookup"
    " ON resource_search_index (type, param, value, system, id)",
    "CREATE INDEX IF NOT EXISTS resource_search_index_date"
    " ON resource_search_index (type, param, low_us)",
};

}  // namespace

void create_resource_schema(Poco::Data::Session& session) {
  create_component_schema(session, "resources", kResourceSchema, kResourceSchemaVersion,
                          "the resource tables");
}

}  // namespace titrate::store::detail
