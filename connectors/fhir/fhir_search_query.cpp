#include "connectors/fhir/fhir_search_query.h"

#include <Poco/URI.h>

#include <array>
#include <charconv>
#include <cstdio>

#include "gateway/clock/date_time.h"

namespace titrate::fhir {
namespace {

using store::IndexKind;

struct ParamDef {
  std::string_view name;
  IndexKind kind;
};

struct TypeDef {
  std::string_view type;
  std::vector<ParamDef> params;
};

// Mirrors the index entries the outbound module writes for each type.
const std::vector<TypeDef>& type_defs() {
  static const std::vector<TypeDef> defs = {
      {"MedicationAdministration",
       {{"patient", IndexKind::kToken},
        {"subject", IndexKind::kToken},
        {"status", IndexKind::kToken},
        {"request", IndexKind::kToken},
        {"effective-time", IndexKind::kDate},
        {"device", IndexKind::kToken}}},
      {"Observation",
       {{"patient", IndexKind::kToken},
        {"subject", IndexKind::kToken},
        {"category", IndexKind::kToken},
        {"code", IndexKind::kToken},
        {"date", IndexKind::kDate},
        {"device", IndexKind::kToken}}},
      {"MedicationRequest",
       {{"identifier", IndexKind::kToken},
        {"patient", IndexKind::kToken},
        {"status", IndexKind::kToken}}},
      {"ServiceRequest",
       {{"identifier", IndexKind::kToken},
        {"patient", IndexKind::kToken},
        {"status", IndexKind::kToken},
        {"authored", IndexKind::kDate}}},
      {"Patient",
       {{"identifier", IndexKind::kToken},
        {"family", IndexKind::kString},
        {"name", IndexKind::kString},
        {"birthdate", IndexKind::kDate},
        {"gender", IndexKind::kToken}}},
      {"DetectedIssue",
       {{"patient", IndexKind::kToken},
        {"code", IndexKind::kToken},
        {"identified", IndexKind::kDate}}},
      {"Device", {{"identifier", IndexKind::kToken}, {"type", IndexKind::kToken}}},
      // gateway/audit/audit_index.h
      {"AuditEvent",
       {{"date", IndexKind::kDate},
        {"type", IndexKind::kToken},
        {"subtype", IndexKind::kToken},
        {"action", IndexKind::kToken},
        {"outcome", IndexKind::kToken},
        {"agent-name", IndexKind::kString},
        {"address", IndexKind::kString},
        {"altid", IndexKind::kToken},
        {"entity", IndexKind::kReference}}},
  };
  return defs;
}

const TypeDef* find_type(std::string_view type) {
  for (const TypeDef& def : type_defs()) {
    if (def.type == type) return &def;
  }
  return nullptr;
}

std::optional<IndexKind> param_kind(const TypeDef& def, std::string_view name) {
  if (name == store::kLastUpdatedParam) return IndexKind::kDate;
  for (const ParamDef& p : def.params) {
    if (p.name == name) return p.kind;
  }
  return std::nullopt;
}

std::string decode(std::string_view text) {
  std::string out;
  Poco::URI::decode(std::string(text), out, false);
  return out;
}

// Splits on `separator` not preceded by a backslash, and unescapes "\<separator>" and "\\".
std::vector<std::string> split_escaped(std::string_view text, char separator, size_t max_parts) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size() &&
        (text[i + 1] == separator || text[i + 1] == '\\' || text[i + 1] == ',' ||
         text[i + 1] == '|')) {
      if (separator == ',' && text[i + 1] != ',') parts.back() += c;  // kept for the token split
      parts.back() += text[++i];
    } else if (c == separator && parts.size() < max_parts) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

std::optional<size_t> parse_size(std::string_view text) {
  size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

store::SearchValue token_value(std::string_view text) {
  store::SearchValue v;
  std::vector<std::string> parts = split_escaped(text, '|', 2);
  if (parts.size() == 2) {
    v.system = std::move(parts[0]);
    v.value = std::move(parts[1]);
  } else {
    v.value = std::move(parts[0]);
  }
  return v;
}

std::optional<store::SearchValue> date_value(std::string_view text) {
  store::SearchValue v;
  static constexpr std::array<std::pair<std::string_view, store::DatePrefix>, 5> kPrefixes = {{
      {"eq", store::DatePrefix::kEq},
      {"lt", store::DatePrefix::kLt},
      {"le", store::DatePrefix::kLe},
      {"gt", store::DatePrefix::kGt},
      {"ge", store::DatePrefix::kGe},
  }};
  if (text.size() >= 2 && text[0] >= 'a' && text[0] <= 'z') {
    const std::string_view prefix = text.substr(0, 2);
    bool known = false;
    for (const auto& [name, value] : kPrefixes) {
      if (name == prefix) {
        v.prefix = value;
        known = true;
      }
    }
    if (!known) return std::nullopt;
    text.remove_prefix(2);
  }
  const auto period = date_period(text);
  if (!period) return std::nullopt;
  v.low_us = period->first;
  v.high_us = period->second;
  return v;
}

std::optional<int64_t> start_us(const std::string& text) {
  const auto instant = clock::parse_date_time(model::DateTime{text});
  if (!instant) return std::nullopt;
  return instant->us;
}

// The length of the time's finest unit in microseconds, from "hh:mm[:ss[.f...]]".
int64_t time_precision_us(std::string_view time) {
  const size_t dot = time.find('.');
  if (dot != std::string_view::npos) {
    int64_t step = 1000000;
    for (size_t digits = time.size() - dot - 1; digits > 0 && step > 1; --digits) step /= 10;
    return step;
  }
  return time.size() > 5 ? 1000000 : 60000000;
}

}  // namespace

bool fhir_type_searchable(std::string_view type) {
  return find_type(type) != nullptr;
}

std::optional<std::pair<int64_t, int64_t>> date_period(std::string_view text) {
  const std::string value(text);
  const auto instant = clock::parse_date_time(model::DateTime{value});
  if (!instant) return std::nullopt;
  const int64_t low = instant->us;
  if (instant->has_time) {
    const size_t t = value.find('T');
    const size_t zone = value.find_first_of("Z+-", t);
    return std::make_pair(
        low, low + time_precision_us(std::string_view(value).substr(t + 1, zone - t - 1)));
  }
  if (value.size() == 10) return std::make_pair(low, low + int64_t{86400} * 1000000);
  const int year = std::stoi(value.substr(0, 4));
  char next[32];
  if (value.size() == 4) {
    std::snprintf(next, sizeof next, "%04d", year + 1);
  } else {
    const int month = std::stoi(value.substr(5, 2));
    std::snprintf(next, sizeof next, "%04d-%02d", month == 12 ? year + 1 : year,
                  month == 12 ? 1 : month + 1);
  }
  const auto high = start_us(next);
  if (!high) return std::nullopt;
  return std::make_pair(low, *high);
}

SearchQueryResult parse_search_query(std::string_view type, std::string_view raw_query) {
  const TypeDef* def = find_type(type);
  if (!def) return {std::nullopt, "unknown resource type"};
  SearchQuery query;
  query.options.count = kDefaultSearchCount;
  size_t begin = 0;
  while (begin <= raw_query.size()) {
    size_t end = raw_query.find('&', begin);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view pair = raw_query.substr(begin, end - begin);
    begin = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string name = decode(pair.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1));
    if (name == "_count") {
      const auto count = parse_size(value);
      if (!count) return {std::nullopt, "_count must be a non-negative integer"};
      query.options.count = std::min(*count, kMaxSearchCount);
      continue;
    }
    if (name == "_format") continue;  // checked by refuse_unacceptable (fhir_response.h)
    if (name == kPagesOffsetParam) {
      const auto offset = parse_size(value);
      if (!offset) return {std::nullopt, "_getpagesoffset must be a non-negative integer"};
      query.options.offset = *offset;
      continue;
    }
    query.criteria.emplace_back(name, value);
    if (name == "_sort") {
      if (value == "_lastUpdated") {
        query.options.sort = store::SearchSort::kLastUpdatedAsc;
      } else if (value == "-_lastUpdated") {
        query.options.sort = store::SearchSort::kLastUpdatedDesc;
      } else if (value == "_id") {
        query.options.sort = store::SearchSort::kId;
      } else {
        return {std::nullopt,
                "_sort supports _id, _lastUpdated and -_lastUpdated, not '" + value + "'"};
      }
      continue;
    }
    const auto kind = param_kind(*def, name);
    if (!kind) {
      return {std::nullopt, "unknown search parameter '" + name + "' for " + std::string(type)};
    }
    if (value.empty()) return {std::nullopt, "search parameter '" + name + "' has no value"};
    store::SearchParam param;
    param.param = name;
    param.kind = *kind;
    for (const std::string& item : split_escaped(value, ',', SIZE_MAX)) {
      if (*kind == IndexKind::kDate) {
        auto date = date_value(item);
        if (!date) {
          return {std::nullopt,
                  "search parameter '" + name + "' has an invalid date '" + item + "'"};
        }
        param.values.push_back(*date);
      } else if (*kind == IndexKind::kString) {
        store::SearchValue text;
        text.value = item;
        param.values.push_back(std::move(text));
      } else {
        param.values.push_back(token_value(item));
      }
    }
    query.params.push_back(std::move(param));
  }
  return {std::move(query), {}};
}

}  // namespace titrate::fhir
