#include "gateway/store/outbox_schema.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <string>

#include "gateway/store/journal.h"
#include "gateway/store/journal_db.h"

namespace titrate::store::detail {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

constexpr int kOutboxSchemaVersion = 1;

// SQLite dialect: AUTOINCREMENT so that ids are never reused and always give the order of
// enqueueing. state: pending / delivered / dead / superseded.
constexpr const char* kOutboxSchema[] = {
    "CREATE TABLE IF NOT EXISTS push_outbox ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " destination TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " resource_type TEXT NOT NULL,"
    " resource_id TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " payload TEXT NOT NULL,"
    " state TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " next_attempt_us INTEGER NOT NULL,"
    " last_error TEXT NOT NULL DEFAULT '',"
    " created_us INTEGER NOT NULL,"
    " updated_us INTEGER NOT NULL)",
    "CREATE UNIQUE INDEX IF NOT EXISTS push_outbox_key"
    " ON push_outbox (destination, resource_type, resource_id, version)",
    "CREATE INDEX IF NOT EXISTS push_outbox_state ON push_outbox (destination, state, id)",
};

int read_version(Poco::Data::Session& session) {
  int version = 0;
  session << "SELECT version FROM schema_version WHERE component = 'push_outbox'", into(version),
      now;
  return version;
}

}  // namespace

void create_outbox_schema(Poco::Data::Session& session) {
  try {
    session << kBeginWrite, now;
    try {
      for (const char* ddl : kOutboxSchema) session << ddl, now;
      if (read_version(session) == 0) {
        session << "INSERT INTO schema_version (component, version) VALUES ('push_outbox', " +
                       std::to_string(kOutboxSchemaVersion) + ")",
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
    if (version != kOutboxSchemaVersion) {
      throw JournalError("outbox schema version " + std::to_string(version) +
                         ", this build reads version " + std::to_string(kOutboxSchemaVersion));
    }
  } catch (const Poco::Exception& e) {
    throw JournalError("cannot create the outbox table: " + e.displayText());
  }
}

}  // namespace titrate::store::detail
