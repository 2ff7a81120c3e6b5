// The FHIR resource store: versioned resources (current version, full history) with search
// indexes, in the journal's SQLite database or, for several nodes, in PostgreSQL. The store
// keeps each resource's JSON exactly as given; the FHIR API sets meta.versionId /
// meta.lastUpdated from the returned version and time. The caller extracts the search index
// entries (the store knows no FHIR search parameters except _lastUpdated). Safe to call from any
// thread; every write is durable on return. Both backends behave the same
// (tests/unit/gateway/store/resource_store_test.cpp runs one suite against both).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace titrate::store {

enum class IndexKind { kToken, kReference, kDate, kString };  // stored as "token" / ...

std::string_view to_string(IndexKind kind);

// One value of a search parameter of a resource, replaced on every write of the resource.
struct IndexEntry {
  std::string param;  // search parameter name, e.g. "code", "patient", "effective"
  IndexKind kind = IndexKind::kToken;
  std::string system;  // token: the code system (may be empty); others: unused
  // token: the code; reference: "Patient/123"; string: the text (matched case-insensitively,
  // ASCII, as a prefix); date: unused.
  std::string value;
  // date: the period the value covers, [low_us, high_us) in microseconds since the epoch
  // (a day is 86400e6 long; an instant is [t, t + 1)).
  int64_t low_us = 0, high_us = 0;
};

struct PutResult {
  int64_t version = 0;
  int64_t last_updated_us = 0;
  bool created = false;  // the first version (or the first after a delete)
  bool changed = true;   // false when the JSON equalled the current version's (a retry)
};

struct StoredResource {
  std::string type, id;
  int64_t version = 0;
  int64_t last_updated_us = 0;
  bool deleted = false;  // a deletion's version has empty json
  std::string json;
};

struct ResourceWrite {
  std::string type, id, json;
  std::vector<IndexEntry> index;
};

enum class DatePrefix { kEq, kLt, kLe, kGt, kGe };

// One value of a search parameter. Dates compare the resource's period with the value's
// period [low_us, high_us) as FHIR prefixes do: eq = contained in it, lt = starts before it,
// le = starts before its end, gt = ends after it, ge = ends after its start.
struct SearchValue {
  std::optional<std::string> system;  // token: unset = any system, "" = no system
  std::string value;                  // token: empty = any code of `system`
  DatePrefix prefix = DatePrefix::kEq;
  int64_t low_us = 0, high_us = 0;
};

// A resource matches when one of `values` matches (OR). Several params are ANDed, also
// several with the same name (date=ge...&date=lt...). `_lastUpdated` (kind date) is built in.
struct SearchParam {
  std::string param;
  IndexKind kind = IndexKind::kToken;
  std::vector<SearchValue> values;
};

inline constexpr std::string_view kLastUpdatedParam = "_lastUpdated";

enum class SearchSort { kId, kLastUpdatedAsc, kLastUpdatedDesc };

struct SearchOptions {
  size_t count = 50;
  size_t offset = 0;
  SearchSort sort = SearchSort::kId;
  bool include_json = true;
};

struct SearchResult {
  std::vector<StoredResource> resources;  // the page, current versions, no deleted ones
  size_t total = 0;                       // matches over all pages
};

struct ResourceStoreOptions {
  std::string path;  // SQLite database file (the journal's; its directory must exist)
  bool durable = true;
  int busy_timeout_ms = 10000;
  // Set: the store is in this PostgreSQL database instead ("postgresql://user@host:5432/db",
  // any libpq connection URL; a password comes from ~/.pgpass or PGPASSWORD), and `path`,
  // `durable` and `busy_timeout_ms` are unused. The database must be UTF8.
  std::string postgresql_url = {};
  size_t max_connections = 8;  // PostgreSQL: the connection pool's size
};

namespace detail {
class ResourceBackend;
}

class ResourceStore {
 public:
  // Opens the database, creating the store's tables when missing (SQLite: the journal's too).
  // Throws JournalError.
  explicit ResourceStore(const ResourceStoreOptions& options);
  ~ResourceStore();
  ResourceStore(const ResourceStore&) = delete;
  ResourceStore& operator=(const ResourceStore&) = delete;

  // Writes a new version and replaces the resource's index, atomically. A put whose json
  // equals the current version's changes nothing and returns that version. Throws
  // JournalError on a database failure, std::invalid_argument on an empty type or id.
  PutResult put(std::string_view type, std::string_view id, std::string_view json,
                std::vector<IndexEntry> index);
  // Several puts in one transaction: all or none. Results in the order of `writes`.
  std::vector<PutResult> put_all(const std::vector<ResourceWrite>& writes);
  // Writes a deleted version (empty json, no index). nullopt when there is no current
  // version; a resource already deleted returns its deletion's version with changed = false.
  std::optional<PutResult> erase(std::string_view type, std::string_view id);

  // The current version; nullopt when unknown. A deleted resource reads with deleted = true.
  std::optional<StoredResource> read(std::string_view type, std::string_view id) const;
  std::optional<StoredResource> vread(std::string_view type, std::string_view id,
                                      int64_t version) const;
  // Every version, newest first.
  std::vector<StoredResource> history(std::string_view type, std::string_view id) const;

  // Current, not deleted resources of `type` matching every param. The page and the total
  // are read in one snapshot.
  SearchResult search(std::string_view type, const std::vector<SearchParam>& params,
                      const SearchOptions& options = {}) const;

 private:
  std::unique_ptr<detail::ResourceBackend> backend_;
};

}  // namespace titrate::store
