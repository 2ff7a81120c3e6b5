#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/store/resource_store.h"

// The FHIR search parameters Titrate serves per resource type, and the parsing of a search
// query string into store search params. Patient-like params are tokens over the patient's
// identifier: patient=SYSTEM|VALUE.
namespace titrate::fhir {

inline constexpr size_t kDefaultSearchCount = 50;
inline constexpr size_t kMaxSearchCount = 500;
inline constexpr std::string_view kPagesOffsetParam = "_getpagesoffset";

// True for the resource types readable and searchable over GET.
bool fhir_type_searchable(std::string_view type);

struct SearchQuery {
  std::vector<store::SearchParam> params;
  store::SearchOptions options;
  // The decoded name=value pairs other than _count and _getpagesoffset, in request order,
  // for the Bundle's self and next links.
  std::vector<std::pair<std::string, std::string>> criteria;
};

struct SearchQueryResult {
  std::optional<SearchQuery> query;
  std::string error;  // set when query is unset: names the offending parameter
};

// Parses `raw_query` (after '?', percent-encoded) for `type` (fhir_type_searchable).
SearchQueryResult parse_search_query(std::string_view type, std::string_view raw_query);

// The period a FHIR date/dateTime covers at its precision (year .. fraction of a second),
// [low_us, high_us); nullopt when it is not a date.
std::optional<std::pair<int64_t, int64_t>> date_period(std::string_view text);

}  // namespace titrate::fhir
