#include "gateway/store/resource_schema.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <string>

#include "gateway/store/journal.h"
#include "gateway/store/journal_db.h"

namespace titrate::store::detail {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

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
    "CREATE INDEX IF NOT EXISTS resource_search_index_value"
    " ON resource_search_index (type, param, value, system)",
    "CREATE INDEX IF NOT EXISTS resource_search_index_date"
    " ON resource_search_index (type, param, low_us)",
};

int read_version(Poco::Data::Session& session) {
  int version = 0;
  session << "SELECT version FROM schema_version WHERE component = 'resources'", into(version), now;
  return version;
}

}  // namespace

void create_resource_schema(Poco::Data::Session& session) {
  try {
    session << kBeginWrite, now;
    try {
      for (const char* ddl : kResourceSchema) session << ddl, now;
      if (read_version(session) == 0) {
        session << "INSERT INTO schema_version (component, version) VALUES ('resources', " +
                       std::to_string(kResourceSchemaVersion) + ")",
            now;
      }
      session << "COMMIT", now;
    } catch (...) {
      try {
        session << "ROLLBACK", now;
      } catch (...) {  // the original error is the one to report
      }
      throw;
    }
    const int version = read_version(session);
    if (version != kResourceSchemaVersion) {
      throw JournalError("resource schema version " + std::to_string(version) +
                         ", this build reads version " + std::to_string(kResourceSchemaVersion));
    }
  } catch (const Poco::Exception& e) {
    throw JournalError("cannot create the resource tables: " + e.displayText());
  }
}

}  // namespace titrate::store::detail
