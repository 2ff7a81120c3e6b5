// The resource store in the journal's SQLite database (internal to gateway/store): one
// connection, one call at a time.
#pragma once

#include <memory>

#include "gateway/store/resource_store_backend.h"

namespace titrate::store::detail {

class SqliteResourceBackend : public ResourceBackend {
 public:
  // Opens options.path, creating the journal's and the store's tables. Throws JournalError.
  explicit SqliteResourceBackend(const ResourceStoreOptions& options);
  ~SqliteResourceBackend() override;

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
