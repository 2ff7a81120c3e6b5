#include "gateway/store/outbox_schema.h"

#include "gateway/store/component_schema.h"

namespace titrate::store::detail {
namespace {

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

}  // namespace

void create_outbox_schema(Poco::Data::Session& session) {
  create_component_schema(session, "push_outbox", kOutboxSchema, kOutboxSchemaVersion,
                          "the outbox table");
}

}  // namespace titrate::store::detail
