#include "gateway/store/component_schema.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include "gateway/store/journal.h"
#include "gateway/store/journal_db.h"

namespace titrate::store::detail {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

int read_version(Poco::Data::Session& session, std::string component) {
  int version = 0;
  session << "SELECT version FROM schema_version WHERE component = ?", use(component),
      into(version), now;
  return version;
}

}  // namespace

void create_component_schema(Poco::Data::Session& session, const std::string& component,
                             std::span<const char* const> ddl, int version,
                             const std::string& what) {
  try {
    session << kBeginWrite, now;
    try {
      for (const char* statement : ddl) session << statement, now;
      if (read_version(session, component) == 0) {
        std::string name = component;
        int number = version;
        session << "INSERT INTO schema_version (component, version) VALUES (?, ?)", use(name),
            use(number), now;
      }
      session << "COMMIT", now;
    } catch (...) {
      try {
        session << "ROLLBACK", now;
      } catch (...) {  // the original error is the one to report
      }
      throw;
    }
    const int found = read_version(session, component);
    if (found != version) {
      throw JournalError(component + " schema version " + std::to_string(found) +
                         ", this build reads version " + std::to_string(version));
    }
  } catch (const Poco::Exception& e) {
    throw JournalError("cannot create " + what + ": " + e.displayText());
  }
}

}  // namespace titrate::store::detail
