#include "gateway/store/bus_connection.h"

#include <Poco/Data/SQLite/Utility.h>

#include "gateway/store/journal_db.h"

namespace titrate::store::detail {
namespace {

JournalOptions journal_options(const BusConnectionOptions& options) {
  JournalOptions o;
  o.path = options.path;
  o.durable = options.durable;
  o.defer_sync = options.defer_sync;
  o.read_only = options.read_only;
  o.busy_timeout_ms = options.busy_timeout_ms;
  return o;
}

}  // namespace

BusConnection::BusConnection(const BusConnectionOptions& options)
    : path_(options.path), session_(open_journal_session(journal_options(options))) {
  try {
    tables_ = std::make_unique<BusTables>(Poco::Data::SQLite::Utility::dbHandle(session_));
  } catch (const JournalError& e) {
    throw JournalError("journal " + path_ + ": " + e.what());
  }
}

}  // namespace titrate::store::detail
