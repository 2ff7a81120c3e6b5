#include "dosing/drug_library.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <array>

#include "dosing/quantities.h"
#include "gateway/config/json_reader.h"
#include "gateway/config/read_file.h"
#include "gateway/model/decimal_math.h"
#include "gateway/model/units.h"

namespace titrate::dosing {
namespace {

using config::ConfigError;
using config::JsonObjectReader;

struct LimitedInfo {
  Limited what;
  std::string_view key, unit;
  bool weight_based;
};

constexpr std::array kLimited{
    LimitedInfo{Limited::kDose, "dose", "mg", false},
    LimitedInfo{Limited::kDosePerKg, "dose_per_kg", "mg/kg", true},
    LimitedInfo{Limited::kDoseRate, "dose_rate", "mg/h", false},
    LimitedInfo{Limited::kDoseRatePerKg, "dose_rate_per_kg", "mg/kg/h", true},
    LimitedInfo{Limited::kInfusionRate, "infusion_rate", "mL/h", false},
    LimitedInfo{Limited::kDuration, "duration", "min", false},
    LimitedInfo{Limited::kVtbi, "vtbi", "mL", false},
};

const LimitedInfo& info(Limited what) {
  for (const LimitedInfo& i : kLimited) {
    if (i.what == what) return i;
  }
  return kLimited[0];
}

bool is_weight_based(DosingBasis basis) {
  return basis == DosingBasis::kMgPerKg || basis == DosingBasis::kMgPerKgPerHour;
}

// Numbers are read as their text (the document is parsed with numbers kept as strings), so
// 0.35 is exactly 0.35.
std::optional<model::Decimal> decimal(JsonObjectReader& r, const char* key) {
  std::optional<std::string> text;
  try {
    text = r.string(key);
  } catch (const ConfigError&) {
    r.fail(key, "expected a number");
  }
  if (!text) return std::nullopt;
  const std::optional<model::Decimal> value = model::Decimal::parse(*text);
  if (!value || value->mantissa < 0) {
    r.fail(key, "expected a number of at least 0, written without an exponent");
  }
  return value;
}

std::optional<Bound> bound(JsonObjectReader& r, const char* key) {
  std::optional<model::Decimal> value = decimal(r, key);
  if (!value) return std::nullopt;
  return Bound{*value, r.pointer() + "/" + key};
}

std::optional<CountRule> count(JsonObjectReader& r, const char* key, int64_t min, int64_t max) {
  const std::optional<model::Decimal> value = decimal(r, key);
  if (!value) return std::nullopt;
  // 6 and 6.0 are counts; 6.5 is not.
  const decimal::Exact exact = decimal::Exact::of(*value);
  const std::optional<model::Decimal> whole = exact.round(0, 0);
  if (!whole || !(decimal::Exact::of(*whole) == exact) || whole->mantissa < min ||
      whole->mantissa > max) {
    r.fail(key,
           "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return CountRule{whole->mantissa, r.pointer() + "/" + key};
}

// A {"value": 40, "unit": "min"} object converted to `unit`.
model::Quantity quantity(JsonObjectReader& parent, const char* key, std::string_view unit,
                         bool positive) {
  std::optional<JsonObjectReader> r = parent.object(key);
  if (!r)
    parent.fail(key,
                "required: expected {\"value\": number, \"unit\": \"" + std::string(unit) + "\"}");
  const std::optional<model::Decimal> value = decimal(*r, "value");
  if (!value) r->fail("value", "required: expected a number");
  if (positive && value->mantissa == 0) r->fail("value", "expected a number above 0");
  const std::string written = r->required_string("unit");
  const std::optional<model::Quantity> converted =
      units::convert(model::Quantity{*value, written}, unit);
  if (!converted) {
    r->fail("unit", "expected a UCUM unit convertible to " + std::string(unit));
  }
  r->reject_unknown_keys();
  return model::Quantity{*value, written};
}

CodeMatch code_match(JsonObjectReader& r, bool allow_prefix) {
  CodeMatch m;
  m.system = r.required_string("system");
  m.code = r.required_string("code");
  const std::string match = r.string_or("match", "exact");
  if (match == "prefix" && allow_prefix) {
    m.prefix = true;
  } else if (match != "exact") {
    r.fail("match", allow_prefix ? "expected \"exact\" or \"prefix\"" : "expected \"exact\"");
  }
  return m;
}

DosingBasis basis(JsonObjectReader& r) {
  const std::string text = r.required_string("dosing_basis");
  for (DosingBasis b : {DosingBasis::kMgPerKg, DosingBasis::kMgPerKgPerHour,
                        DosingBasis::kMgPerHour, DosingBasis::kMg}) {
    if (basis_name(b) == text) return b;
  }
  r.fail("dosing_basis", "expected \"mg/kg\", \"mg/kg/h\", \"mg/h\" or \"mg\"");
}

// hard_min <= soft_min <= soft_max <= hard_max, for those present.
void check_order(JsonObjectReader& r, const Limit& limit) {
  const std::array<std::pair<const char*, const std::optional<Bound>*>, 4> chain{{
      {"hard_min", &limit.hard_min},
      {"soft_min", &limit.soft_min},
      {"soft_max", &limit.soft_max},
      {"hard_max", &limit.hard_max},
  }};
  for (size_t i = 0; i < chain.size(); ++i) {
    if (!*chain[i].second) continue;
    for (size_t j = i + 1; j < chain.size(); ++j) {
      if (!*chain[j].second) continue;
      if (decimal::Exact::of((*chain[j].second)->value) <
          decimal::Exact::of((*chain[i].second)->value)) {
        r.fail(chain[j].first, std::string("expected at least ") + chain[i].first + " (" +
                                   (*chain[i].second)->value.to_string() + ")");
      }
    }
  }
}

std::vector<Limit> limits(JsonObjectReader& entry, DosingBasis entry_basis) {
  std::vector<Limit> out;
  std::optional<JsonObjectReader> r = entry.object("limits");
  if (!r) return out;
  for (const LimitedInfo& i : kLimited) {
    const std::string key(i.key);
    std::optional<JsonObjectReader> l = r->object(key.c_str());
    if (!l) continue;
    if (i.weight_based && !is_weight_based(entry_basis)) {
      r->fail(key.c_str(), "only for weight-based entries (dosing_basis mg/kg or mg/kg/h)");
    }
    const std::string unit = l->required_string("unit");
    if (unit != i.unit) l->fail("unit", "expected \"" + std::string(i.unit) + "\"");
    Limit limit;
    limit.what = i.what;
    limit.soft_min = bound(*l, "soft_min");
    limit.soft_max = bound(*l, "soft_max");
    limit.hard_min = bound(*l, "hard_min");
    limit.hard_max = bound(*l, "hard_max");
    check_order(*l, limit);
    l->reject_unknown_keys();
    out.push_back(std::move(limit));
  }
  r->reject_unknown_keys();
  return out;
}

DrugEntry entry(JsonObjectReader& r) {
  DrugEntry e;
  e.pointer = r.pointer();
  e.id = r.required_string("id");
  e.review = r.string_or("review", "");
  e.drug = r.required_string("drug");
  e.display = r.required_string("display");
  r.each_object("codes", [&](JsonObjectReader& c) {
    const CodeMatch m = code_match(c, false);
    e.codes.push_back(model::Coding{m.system, m.code, c.string_or("display", "")});
  });
  if (e.codes.empty()) r.fail("codes", "required: expected at least one {\"system\", \"code\"}");
  std::optional<JsonObjectReader> conc = r.object("concentration");
  if (!conc) r.fail("concentration", "required: expected {\"amount\": ..., \"volume\": ...}");
  e.concentration.numerator = quantity(*conc, "amount", "mg", true);
  e.concentration.denominator = quantity(*conc, "volume", "mL", true);
  conc->reject_unknown_keys();
  e.care_area = r.required_string("care_area");
  e.basis = basis(r);
  e.default_duration = quantity(r, "default_duration", "min", true);
  e.limits = limits(r, e.basis);
  if (std::optional<JsonObjectReader> c = r.object("cumulative")) {
    e.cumulative.per_infusion_mg = bound(*c, "per_infusion_mg");
    e.cumulative.per_day_mg = bound(*c, "per_day_mg");
    e.cumulative.per_course_mg = bound(*c, "per_course_mg");
    c->reject_unknown_keys();
  }
  if (std::optional<JsonObjectReader> s = r.object("series")) {
    e.series.max_infusions = count(*s, "max_infusions", 1, 1000);
    e.series.course_max_days = count(*s, "course_max_days", 1, 366);
    e.series.min_hours_between = bound(*s, "min_hours_between");
    s->reject_unknown_keys();
  }
  return e;
}

bool codes_overlap(const DrugEntry& a, const DrugEntry& b) {
  for (const model::Coding& x : a.codes) {
    for (const model::Coding& y : b.codes) {
      if (x.system == y.system && x.code == y.code) return true;
    }
  }
  return false;
}

void check_unique(JsonObjectReader& root, const std::vector<DrugEntry>& entries) {
  for (size_t j = 0; j < entries.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      const DrugEntry& a = entries[i];
      const DrugEntry& b = entries[j];
      if (a.id == b.id) {
        throw ConfigError(root.file(), b.pointer + "/id",
                          "expected an id not used by " + a.pointer);
      }
      if (codes_overlap(a, b) && a.care_area == b.care_area && a.basis == b.basis &&
          *concentration_mg_per_ml(a.concentration) == *concentration_mg_per_ml(b.concentration)) {
        throw ConfigError(root.file(), b.pointer,
                          "expected a drug, concentration, care area and dosing basis not already "
                          "covered by " +
                              a.pointer);
      }
    }
  }
}

ScreeningRule screening_rule(JsonObjectReader& r) {
  ScreeningRule s;
  s.pointer = r.pointer();
  s.id = r.required_string("id");
  s.label = r.required_string("label");
  s.review = r.string_or("review", "");
  if (r.required_string("action") != "hold") r.fail("action", "expected \"hold\"");
  const std::string applies = r.required_string("applies_to");
  if (applies == "conditions") {
    s.applies_to = ScreeningRule::AppliesTo::kConditions;
  } else if (applies == "allergies") {
    s.applies_to = ScreeningRule::AppliesTo::kAllergies;
  } else {
    r.fail("applies_to", "expected \"conditions\" or \"allergies\"");
  }
  r.each_object("codes", [&](JsonObjectReader& c) { s.codes.push_back(code_match(c, true)); });
  r.each_object("except", [&](JsonObjectReader& c) { s.except.push_back(code_match(c, true)); });
  s.text = r.string_list("text");
  if (s.codes.empty() && s.text.empty()) {
    r.fail("codes", "required: expected at least one code (or a \"text\" word)");
  }
  return s;
}

std::string strip_dots(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  for (char c : code) {
    if (c != '.') out.push_back(c);
  }
  return out;
}

}  // namespace

std::string_view basis_name(DosingBasis basis) {
  switch (basis) {
    case DosingBasis::kMgPerKg:
      return "mg/kg";
    case DosingBasis::kMgPerKgPerHour:
      return "mg/kg/h";
    case DosingBasis::kMgPerHour:
      return "mg/h";
    case DosingBasis::kMg:
      return "mg";
  }
  return "";
}

std::string_view limited_key(Limited what) {
  return info(what).key;
}

std::string_view limited_unit(Limited what) {
  return info(what).unit;
}

bool code_matches(const CodeMatch& match, const model::Coding& coding) {
  if (match.system != coding.system) return false;
  const std::string want = strip_dots(match.code);
  const std::string have = strip_dots(coding.code);
  if (match.prefix) return have.compare(0, want.size(), want) == 0;
  return have == want;
}

DrugLibrary DrugLibrary::load(const std::string& path) {
  const std::optional<std::string> bytes = config::read_file(path);
  if (!bytes) throw ConfigError(path, "", "cannot open the file");
  return parse(*bytes, path);
}

DrugLibrary DrugLibrary::parse(std::string_view json, const std::string& file) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseCommentsFlag |
            rapidjson::kParseNumbersAsStringsFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    throw ConfigError(file, "",
                      "invalid JSON at byte " + std::to_string(doc.GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(doc.GetParseError()));
  }
  JsonObjectReader root(file, "", doc);
  DrugLibrary lib;
  lib.file = file;
  lib.notice = root.string_or("_notice", "");
  lib.version = root.required_string("version");
  if (std::optional<JsonObjectReader> w = root.object("weight")) {
    lib.weight_max_age_hours = count(*w, "max_age_hours", 1, 24 * 366)
                                   .value_or(CountRule{lib.weight_max_age_hours, ""})
                                   .value;
    w->reject_unknown_keys();
  }
  root.each_object("entries", [&](JsonObjectReader& e) { lib.entries.push_back(entry(e)); });
  if (lib.entries.empty()) root.fail("entries", "required: expected at least one entry");
  check_unique(root, lib.entries);
  root.each_object("care_area_by_indication", [&](JsonObjectReader& r) {
    IndicationRule rule;
    rule.pointer = r.pointer();
    rule.match = code_match(r, true);
    rule.care_area = r.required_string("care_area");
    bool known = false;
    for (const DrugEntry& e : lib.entries) known = known || e.care_area == rule.care_area;
    if (!known) r.fail("care_area", "expected a care area used by an entry");
    lib.care_area_by_indication.push_back(std::move(rule));
  });
  root.each_object("screening",
                   [&](JsonObjectReader& r) { lib.screening.push_back(screening_rule(r)); });
  root.reject_unknown_keys();
  return lib;
}

}  // namespace titrate::dosing
