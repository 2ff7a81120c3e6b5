#include "gateway/store/resource_search_sql.h"

#include <stdexcept>

namespace titrate::store::detail {
namespace {

class WhereBuilder {
 public:
  void text(std::string_view sql, std::string_view value) {
    out_.sql += sql;
    out_.values.push_back({true, 0, std::string(value)});
  }
  void number(std::string_view sql, int64_t value) {
    out_.sql += sql;
    out_.values.push_back({false, value, {}});
  }
  void sql(std::string_view sql) { out_.sql += sql; }
  SearchWhere take() { return std::move(out_); }

 private:
  SearchWhere out_;
};

// `low`/`high`: SQL for the resource's period [low, high).
void date_condition(WhereBuilder& w, const SearchValue& v, std::string_view low,
                    std::string_view high) {
  const auto compare = [&](std::string_view column, std::string_view op, int64_t value) {
    w.number(std::string(column) + std::string(op) + "?", value);
  };
  switch (v.prefix) {
    case DatePrefix::kEq:
      compare(low, " >= ", v.low_us);
      w.sql(" AND ");
      compare(high, " <= ", v.high_us);
      return;
    case DatePrefix::kLt:
      return compare(low, " < ", v.low_us);
    case DatePrefix::kLe:
      return compare(low, " < ", v.high_us);
    case DatePrefix::kGt:
      return compare(high, " > ", v.high_us);
    case DatePrefix::kGe:
      return compare(high, " > ", v.low_us);
  }
}

// date_condition for an instant [t, t + 1) in `column`, compared with the column alone so that
// an index on it serves every prefix.
void instant_condition(WhereBuilder& w, const SearchValue& v, std::string_view column) {
  const auto compare = [&](std::string_view op, int64_t value) {
    w.number(std::string(column) + std::string(op) + "?", value);
  };
  switch (v.prefix) {
    case DatePrefix::kEq:
      compare(" >= ", v.low_us);
      w.sql(" AND ");
      return compare(" < ", v.high_us);
    case DatePrefix::kLt:
      return compare(" < ", v.low_us);
    case DatePrefix::kLe:
      return compare(" < ", v.high_us);
    case DatePrefix::kGt:
      return compare(" >= ", v.high_us);
    case DatePrefix::kGe:
      return compare(" >= ", v.low_us);
  }
}

// A LIKE pattern matching what starts with `prefix` (backslash is LIKE's default escape).
std::string like_prefix(std::string_view prefix) {
  std::string out;
  out.reserve(prefix.size() + 1);
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

void value_condition(WhereBuilder& w, IndexKind kind, const SearchValue& v, SqlDialect dialect) {
  switch (kind) {
    case IndexKind::kToken:
      if (!v.system && v.value.empty()) return w.sql("1 = 1");
      if (v.system) w.text("s.system = ?", *v.system);
      if (v.system && !v.value.empty()) w.sql(" AND ");
      if (!v.value.empty()) w.text("s.value = ?", v.value);
      return;
    case IndexKind::kReference:
      return w.text("s.value = ?", v.value);
    case IndexKind::kString: {
      const std::string prefix = fold_string(v.value);
      if (dialect == SqlDialect::kPostgres) return w.text("s.value LIKE ?", like_prefix(prefix));
      // A prefix match as a range: 0xFF never occurs in UTF-8 and TEXT compares bytewise.
      w.text("s.value >= ?", prefix);
      w.text(" AND s.value < ?", prefix + '\xFF');
      return;
    }
    case IndexKind::kDate:
      return date_condition(w, v, "s.low_us", "s.high_us");
  }
}

void values_condition(WhereBuilder& w, const SearchParam& p, bool last_updated,
                      SqlDialect dialect) {
  w.sql("(");
  for (size_t i = 0; i < p.values.size(); ++i) {
    if (i > 0) w.sql(" OR ");
    w.sql("(");
    if (last_updated) {
      instant_condition(w, p.values[i], "r.last_updated_us");
    } else {
      value_condition(w, p.kind, p.values[i], dialect);
    }
    w.sql(")");
  }
  w.sql(")");
}

}  // namespace

std::string fold_string(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view search_order_by(SearchSort sort) {
  switch (sort) {
    case SearchSort::kId:
      break;
    case SearchSort::kLastUpdatedAsc:
      return " ORDER BY r.last_updated_us, r.id";
    case SearchSort::kLastUpdatedDesc:
      return " ORDER BY r.last_updated_us DESC, r.id";
  }
  return " ORDER BY r.id";
}

SearchWhere build_search_where(std::string_view type, const std::vector<SearchParam>& params,
                               SqlDialect dialect) {
  WhereBuilder w;
  w.text(" WHERE r.type = ? AND r.deleted = 0", type);
  bool driving = true;
  for (const SearchParam& p : params) {
    if (p.values.empty()) {
      throw std::invalid_argument("search parameter " + p.param + " has no value");
    }
    if (p.param == kLastUpdatedParam) {
      if (p.kind != IndexKind::kDate) {
        throw std::invalid_argument("search parameter _lastUpdated is a date");
      }
      w.sql(" AND ");
      values_condition(w, p, /*last_updated=*/true, dialect);
      continue;
    }
    // The first parameter drives: its ids come from the value index in one uncorrelated
    // subquery (probing every resource of the type instead costs seconds at 100,000). The
    // others are checked per candidate through the entries of that one resource.
    if (driving) {
      w.text(" AND r.id IN (SELECT s.id FROM resource_search_index s WHERE s.type = ?", type);
    } else {
      w.sql(
          " AND EXISTS (SELECT 1 FROM resource_search_index s"
          " WHERE s.type = r.type AND s.id = r.id");
    }
    driving = false;
    w.text(" AND s.param = ?", p.param);
    w.text(" AND s.kind = ? AND ", to_string(p.kind));
    values_condition(w, p, /*last_updated=*/false, dialect);
    w.sql(")");
  }
  return w.take();
}

}  // namespace titrate::store::detail
