// The journal's sessions, schema and queries (internal to gateway/store). The SQL is portable
// except where marked: PRAGMAs, BEGIN IMMEDIATE, the DDL's id/BLOB types (and, in
// journal_writer.cpp, the insert's id retrieval).
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "gateway/store/journal.h"

namespace titrate::store::detail {

// SQLite: take the write lock at BEGIN instead of upgrading a read lock at the first write.
inline constexpr const char* kBeginWrite = "BEGIN IMMEDIATE";

// Opens a session on the journal file with WAL and a busy timeout. A writable session also
// creates or checks the schema; a read-only one requires it. Throws JournalError.
Poco::Data::Session open_journal_session(const JournalOptions& options);

std::vector<JournalSummary> select_summaries(Poco::Data::Session& session,
                                             const JournalQuery& query);
std::optional<JournalRecord> select_record(Poco::Data::Session& session, int64_t id);

}  // namespace titrate::store::detail
