#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/model/values.h"

// The drug library (config/drug-library.json, format in config/drug-library.md): per drug,
// concentration and care area, the dosing basis, soft and hard limits, cumulative maxima and
// series rules; how indications choose a care area; the contraindication screening list.
namespace titrate::dosing {

enum class DosingBasis { kMgPerKg, kMgPerKgPerHour, kMgPerHour, kMg };
std::string_view basis_name(DosingBasis basis);  // "mg/kg", "mg/kg/h", "mg/h", "mg"

// What a limit constrains; each is compared in one fixed unit.
enum class Limited {
  kDose,           // mg per infusion
  kDosePerKg,      // mg/kg per infusion
  kDoseRate,       // mg/h
  kDoseRatePerKg,  // mg/kg/h
  kInfusionRate,   // mL/h
  kDuration,       // min
  kVtbi            // mL
};
std::string_view limited_key(Limited what);   // the key in "limits": "dose_per_kg", ...
std::string_view limited_unit(Limited what);  // "mg/kg", ...

struct Bound {
  model::Decimal value;
  std::string pointer;  // JSON pointer of the number in the library file
};

struct Limit {
  Limited what = Limited::kDose;
  std::optional<Bound> soft_min, soft_max, hard_min, hard_max;
};

struct CumulativeLimits {
  std::optional<Bound> per_infusion_mg, per_day_mg, per_course_mg;
};

struct CountRule {
  int64_t value = 0;
  std::string pointer;
};

struct SeriesRules {
  std::optional<CountRule> max_infusions;    // infusions of one order (series)
  std::optional<CountRule> course_max_days;  // consecutive days with an infusion
  std::optional<Bound> min_hours_between;    // since the patient's previous infusion
};

struct DrugEntry {
  std::string id;
  std::string review;
  std::string drug;  // groups entries of one drug for the cumulative totals ("ketamine")
  std::string display;
  std::vector<model::Coding> codes;
  model::Ratio concentration;  // as written, e.g. 1 mg / 1 mL
  std::string care_area;
  DosingBasis basis = DosingBasis::kMgPerKg;
  model::Quantity default_duration;  // min
  std::vector<Limit> limits;
  CumulativeLimits cumulative;
  SeriesRules series;
  std::string pointer;  // "/entries/0"
};

struct CodeMatch {
  std::string system;
  std::string code;  // compared without dots: ICD-10 "I20.0" matches "I200"
  bool prefix = false;
};

struct IndicationRule {
  CodeMatch match;
  std::string care_area;
  std::string pointer;
};

struct ScreeningRule {
  enum class AppliesTo { kConditions, kAllergies };
  std::string id;
  std::string label;
  std::string review;
  AppliesTo applies_to = AppliesTo::kConditions;
  std::vector<CodeMatch> codes;
  std::vector<CodeMatch> except;  // codes under a prefix that do not count (F17 nicotine, ...)
  std::vector<std::string> text;  // case-insensitive words in the coded concept's text
  std::string pointer;
};

struct DrugLibrary {
  std::string file;  // where it was loaded from (for messages)
  std::string version;
  std::string notice;
  int64_t weight_max_age_hours = 720;
  std::vector<DrugEntry> entries;
  std::vector<IndicationRule> care_area_by_indication;
  std::vector<ScreeningRule> screening;

  // Throws config::ConfigError naming the file, the JSON pointer and what was expected.
  static DrugLibrary load(const std::string& path);
  static DrugLibrary parse(std::string_view json, const std::string& file);
};

// True when `coding` is matched by `match` (same system; code equal or, for a prefix, a
// prefix of it; dots ignored).
bool code_matches(const CodeMatch& match, const model::Coding& coding);

}  // namespace titrate::dosing
