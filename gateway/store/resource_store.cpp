#include "gateway/store/resource_store.h"

#include <algorithm>
#include <climits>
#include <stdexcept>

#include "gateway/store/journal.h"
#include "gateway/store/resource_store_backend.h"
#include "gateway/store/resource_store_postgres.h"
#include "gateway/store/resource_store_sqlite.h"

namespace titrate::store {
namespace {

void check_key(std::string_view type, std::string_view id) {
  if (type.empty() || id.empty()) throw std::invalid_argument("resource type and id are required");
}

std::unique_ptr<detail::ResourceBackend> open_backend(const ResourceStoreOptions& options) {
  if (!options.postgresql_url.empty()) {
    return std::make_unique<detail::PostgresResourceBackend>(options);
  }
  return std::make_unique<detail::SqliteResourceBackend>(options);
}

// A JournalError names the store's database.
template <typename Fn>
auto named(const detail::ResourceBackend& backend, Fn&& fn) {
  try {
    return fn();
  } catch (const JournalError& e) {
    throw JournalError("resource store " + backend.name() + ": " + e.what());
  }
}

}  // namespace

std::string_view to_string(IndexKind kind) {
  switch (kind) {
    case IndexKind::kToken:
      return "token";
    case IndexKind::kReference:
      return "reference";
    case IndexKind::kDate:
      return "date";
    case IndexKind::kString:
      return "string";
  }
  return "token";
}

namespace detail {

WritePlan plan_write(const std::optional<StoredResource>& current, std::string_view json,
                     bool deleting, int64_t now_us) {
  const bool live = current && !current->deleted;
  if (current && (deleting ? current->deleted : live && current->json == json)) {
    return {false, {current->version, current->last_updated_us, false, false}};
  }
  WritePlan plan;
  plan.result.version = current ? current->version + 1 : 1;
  plan.result.last_updated_us =
      std::max(now_us, current ? current->last_updated_us + 1 : INT64_MIN);
  plan.result.created = !live && !deleting;
  return plan;
}

}  // namespace detail

ResourceStore::ResourceStore(const ResourceStoreOptions& options)
    : backend_(open_backend(options)) {}
ResourceStore::~ResourceStore() = default;

PutResult ResourceStore::put(std::string_view type, std::string_view id, std::string_view json,
                             std::vector<IndexEntry> index) {
  check_key(type, id);
  std::vector<ResourceWrite> writes;
  writes.push_back({std::string(type), std::string(id), std::string(json), std::move(index)});
  return named(*backend_, [&] { return backend_->write_all(writes).front(); });
}

std::vector<PutResult> ResourceStore::put_all(const std::vector<ResourceWrite>& writes) {
  for (const ResourceWrite& w : writes) check_key(w.type, w.id);
  if (writes.empty()) return {};
  return named(*backend_, [&] { return backend_->write_all(writes); });
}

std::optional<PutResult> ResourceStore::erase(std::string_view type, std::string_view id) {
  check_key(type, id);
  return named(*backend_, [&] { return backend_->erase(type, id); });
}

std::optional<StoredResource> ResourceStore::read(std::string_view type,
                                                  std::string_view id) const {
  return named(*backend_, [&] { return backend_->read(type, id); });
}

std::optional<StoredResource> ResourceStore::vread(std::string_view type, std::string_view id,
                                                   int64_t version) const {
  return named(*backend_, [&] { return backend_->vread(type, id, version); });
}

std::vector<StoredResource> ResourceStore::history(std::string_view type,
                                                   std::string_view id) const {
  return named(*backend_, [&] { return backend_->history(type, id); });
}

SearchResult ResourceStore::search(std::string_view type, const std::vector<SearchParam>& params,
                                   const SearchOptions& options) const {
  return named(*backend_, [&] { return backend_->search(type, params, options); });
}

}  // namespace titrate::store
