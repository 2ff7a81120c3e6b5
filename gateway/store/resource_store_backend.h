// What a resource store database does (internal to gateway/store): ResourceStore checks the
// arguments and names the database in errors; a backend (SQLite, PostgreSQL) stores.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/store/resource_store.h"

namespace titrate::store::detail {

// What a write over the current version does, the same in every backend: `store` false when
// the write changes nothing (the json equals a live current version's, or a deletion of a
// deleted one) and `result` is the current version; else `result` is the version to write.
// Versions count up from 1; last_updated_us is `now_us` but strictly increasing per resource,
// so that versions sort by _lastUpdated too.
struct WritePlan {
  bool store = true;
  PutResult result;
};
WritePlan plan_write(const std::optional<StoredResource>& current, std::string_view json,
                     bool deleting, int64_t now_us);

class ResourceBackend {
 public:
  virtual ~ResourceBackend() = default;

  // The database for messages ("resource store <this>: ..."), without a password.
  virtual const std::string& name() const = 0;

  // Every write in one transaction, all or none; results in the order of `writes`.
  virtual std::vector<PutResult> write_all(const std::vector<ResourceWrite>& writes) = 0;
  virtual std::optional<PutResult> erase(std::string_view type, std::string_view id) = 0;
  virtual std::optional<StoredResource> read(std::string_view type, std::string_view id) = 0;
  virtual std::optional<StoredResource> vread(std::string_view type, std::string_view id,
                                              int64_t version) = 0;
  virtual std::vector<StoredResource> history(std::string_view type, std::string_view id) = 0;
  virtual SearchResult search(std::string_view type, const std::vector<SearchParam>& params,
                              const SearchOptions& options) = 0;
};

}  // namespace titrate::store::detail
