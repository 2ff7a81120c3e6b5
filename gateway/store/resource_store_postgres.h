// The resource store in PostgreSQL (internal to gateway/store), for several gateway nodes
// sharing one store. Semantics as the SQLite backend's; what differs:
// * a pool of connections, so that reads and searches run in parallel;
// * a write locks the resource's current row (SELECT ... FOR UPDATE); two writers creating the
//   same resource collide on the primary key, and a transaction that loses such a race (unique
//   violation, deadlock, serialization failure) runs again, as does one whose connection was
//   lost (a put is idempotent: the same JSON again changes nothing);
// * a search reads its page and total in one statement (one snapshot, one round trip).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gateway/store/resource_search_sql.h"
#include "gateway/store/resource_store_backend.h"

namespace titrate::store::detail {

// A search as PostgreSQL runs it: the total in column 0 of every row, the resources' columns
// after it (one row of NULLs when the page is empty). `values` bind $1, $2, ... in order.
struct PostgresSearch {
  std::string sql;
  std::vector<SqlValue> values;
};
PostgresSearch postgres_search(std::string_view type, const std::vector<SearchParam>& params,
                               const SearchOptions& options);

class PostgresResourceBackend : public ResourceBackend {
 public:
  // Connects to options.postgresql_url and creates the tables when missing. Throws JournalError.
  explicit PostgresResourceBackend(const ResourceStoreOptions& options);
  ~PostgresResourceBackend() override;

  const std::string& name() const override;
  std::vector<PutResult> write_all(const std::vector<ResourceWrite>& writes) override;
  std::optional<PutResult> erase(std::string_view type, std::string_view id) override;
  std::optional<StoredResource> read(std::string_view type, std::string_view id) override;
  std::optional<StoredResource> vread(std::string_view type, std::string_view id,
                                      int64_t version) override;
  std::vector<StoredResource> history(std::string_view type, std::string_view id) override;
  SearchResult search(std::string_view type, const std::vector<SearchParam>& params,
                      const SearchOptions& options) override;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace titrate::store::detail
