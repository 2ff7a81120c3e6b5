#include "gateway/store/bus_schema.h"

#include <Poco/Data/Statement.h>

namespace titrate::store::detail {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

constexpr int kBusSchemaVersion = 1;

// SQLite dialect: AUTOINCREMENT keeps seq increasing even after the newest rows are deleted,
// WITHOUT ROWID stores the keyed tables once. PostgreSQL would use BIGINT GENERATED ALWAYS AS
// IDENTITY, BYTEA and plain tables.
constexpr const char* kBusSchema[] = {
    "CREATE TABLE IF NOT EXISTS bus_log ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " topic TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " event_id TEXT NOT NULL,"
    " type TEXT NOT NULL,"
    " payload BLOB NOT NULL,"
    " created_us INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS bus_log_topic ON bus_log (topic, seq)",
    "CREATE TABLE IF NOT EXISTS bus_offsets ("
    " group_name TEXT NOT NULL,"
    " topic TEXT NOT NULL,"
    " next_seq INTEGER NOT NULL,"
    " PRIMARY KEY (group_name, topic)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS bus_dead_letter ("
    " group_name TEXT NOT NULL,"
    " seq INTEGER NOT NULL,"
    " event_id TEXT NOT NULL,"
    " error TEXT NOT NULL,"
    " attempts INTEGER NOT NULL,"
    " at_us INTEGER NOT NULL,"
    " PRIMARY KEY (group_name, seq)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS module_state ("
    " space TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " updated_us INTEGER NOT NULL,"
    " PRIMARY KEY (space, key)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS bus_handled ("
    " group_name TEXT NOT NULL,"
    " event_id TEXT NOT NULL,"
    " handled_us INTEGER NOT NULL,"
    " PRIMARY KEY (group_name, event_id)) WITHOUT ROWID",
};

}  // namespace

void create_bus_schema(Poco::Data::Session& session) {
  for (const char* ddl : kBusSchema) session << ddl, now;
  int version = 0;
  session << "SELECT version FROM schema_version WHERE component = 'bus'", into(version), now;
  if (version == 0) {
    session << "INSERT INTO schema_version (component, version) VALUES ('bus', " +
                   std::to_string(kBusSchemaVersion) + ")",
        now;
  }
}

}  // namespace titrate::store::detail
