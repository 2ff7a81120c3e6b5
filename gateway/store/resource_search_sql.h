// The WHERE clause of a resource search (internal to gateway/store): FHIR search semantics
// over the resources table (alias r) and resource_search_index, with its bound values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/store/resource_store.h"

namespace titrate::store::detail {

struct SqlValue {
  bool is_text = false;
  int64_t number = 0;
  std::string text;
};

struct SearchWhere {
  std::string sql;               // " WHERE ..." on "FROM resources r"
  std::vector<SqlValue> values;  // in the order of the sql's '?'
};

// SQLite and PostgreSQL differ only in the string prefix match: PostgreSQL's text must be valid
// UTF-8, so it matches with LIKE (which its planner turns into an index range on a "C"
// collation column) where SQLite compares with a range ending in 0xFF.
enum class SqlDialect { kSqlite, kPostgres };

// Throws std::invalid_argument on a param without values or _lastUpdated of a kind not date.
SearchWhere build_search_where(std::string_view type, const std::vector<SearchParam>& params,
                               SqlDialect dialect = SqlDialect::kSqlite);

// " ORDER BY ..." for `sort` over resources r.
std::string_view search_order_by(SearchSort sort);

// String index values and searches compare in this form: ASCII lower case.
std::string fold_string(std::string_view text);

}  // namespace titrate::store::detail
