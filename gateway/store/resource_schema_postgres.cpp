#include "gateway/store/resource_schema_postgres.h"

#include <string>

namespace titrate::store::detail {
namespace {

constexpr int64_t kResourceSchemaVersion = 1;
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(7387260301)";  // any constant

// The search index's INCLUDE columns let the searches' semi-joins read the index alone.
constexpr const char* kResourceSchema[] = {
    "CREATE TABLE IF NOT EXISTS titrate_schema_version ("
    " component TEXT PRIMARY KEY,"
    " version BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS resources ("
    " type TEXT COLLATE \"C\" NOT NULL,"
    " id TEXT COLLATE \"C\" NOT NULL,"
    " version BIGINT NOT NULL,"
    " last_updated_us BIGINT NOT NULL,"
    " deleted SMALLINT NOT NULL DEFAULT 0,"
    " json TEXT NOT NULL,"
    " PRIMARY KEY (type, id))",
    "CREATE INDEX IF NOT EXISTS resources_last_updated ON resources (type, last_updated_us)",
    "CREATE TABLE IF NOT EXISTS resource_history ("
    " type TEXT COLLATE \"C\" NOT NULL,"
    " id TEXT COLLATE \"C\" NOT NULL,"
    " version BIGINT NOT NULL,"
    " last_updated_us BIGINT NOT NULL,"
    " deleted SMALLINT NOT NULL DEFAULT 0,"
    " json TEXT NOT NULL,"
    " PRIMARY KEY (type, id, version))",
    // kind: token / reference / date / string; low_us/high_us: a date's period, else NULL (not
    // 0 as in SQLite: zeros would fall inside every "before" range of the column statistics,
    // and the planner would misjudge a date search's selectivity).
    "CREATE TABLE IF NOT EXISTS resource_search_index ("
    " type TEXT COLLATE \"C\" NOT NULL,"
    " id TEXT COLLATE \"C\" NOT NULL,"
    " param TEXT COLLATE \"C\" NOT NULL,"
    " kind TEXT COLLATE \"C\" NOT NULL,"
    " system TEXT COLLATE \"C\" NOT NULL,"
    " value TEXT COLLATE \"C\" NOT NULL,"
    " low_us BIGINT,"
    " high_us BIGINT)",
    "CREATE INDEX IF NOT EXISTS resource_search_index_owner ON resource_search_index (type, id)",
    "CREATE INDEX IF NOT EXISTS resource_search_index_value"
    " ON resource_search_index (type, param, value, system) INCLUDE (kind, id)",
    "CREATE INDEX IF NOT EXISTS resource_search_index_date"
    " ON resource_search_index (type, param, low_us) INCLUDE (kind, high_us, id)",
    // gt / ge compare the end of the period.
    "CREATE INDEX IF NOT EXISTS resource_search_index_date_end"
    " ON resource_search_index (type, param, high_us) INCLUDE (kind, low_us, id)",
};

int64_t read_version(PgConnection& connection) {
  PgResult result =
      connection.exec("SELECT version FROM titrate_schema_version WHERE component = 'resources'");
  return result.rows() == 0 ? 0 : result.int64(0, 0);
}

}  // namespace

void create_postgres_resource_schema(PgConnection& connection) {
  const PgResult encoding = connection.exec("SHOW server_encoding");
  if (encoding.rows() != 1 || encoding.text(0, 0) != "UTF8") {
    throw JournalError("the database's encoding is " +
                       std::string(encoding.rows() == 1 ? encoding.text(0, 0) : "unknown") +
                       "; the resource store needs UTF8 (createdb -E UTF8)");
  }
  connection.exec("BEGIN");
  int64_t version = 0;
  try {
    connection.exec(kSchemaLock);
    for (const char* ddl : kResourceSchema) connection.exec(ddl);
    version = read_version(connection);
    if (version == 0) {
      PgParams params;
      params.int64(kResourceSchemaVersion);
      connection.exec_params(
          "INSERT INTO titrate_schema_version (component, version) VALUES ('resources', $1)",
          params);
      version = kResourceSchemaVersion;
    }
    connection.exec("COMMIT");
  } catch (...) {
    if (!connection.broken()) {
      try {
        connection.exec("ROLLBACK");
      } catch (...) {  // the original error is the one to report
      }
    }
    throw;
  }
  if (version != kResourceSchemaVersion) {
    throw JournalError("resource schema version " + std::to_string(version) +
                       ", this build reads version " + std::to_string(kResourceSchemaVersion));
  }
}

}  // namespace titrate::store::detail
