#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Value types of the internal model: exact decimals with UCUM units, timestamps that keep
// their precision and UTC offset, codes, identifiers and names.
namespace titrate::model {

// An exact decimal: value = mantissa × 10^-scale ("72.50" keeps its two decimals).
struct Decimal {
  int64_t mantissa = 0;
  int32_t scale = 0;

  static std::optional<Decimal> parse(std::string_view text);  // "-1.5", "72", "0.35"; no exponent
  static Decimal from_double(double value, int32_t scale);     // rounded half away from zero
  std::string to_string() const;                               // canonical text, keeps the scale
  double to_double() const;
  // from_double without the throw: nullopt for NaN, infinity, a scale outside [0, 18] or a
  // result beyond 18 significant digits (from_double throws std::domain_error for those).
  static std::optional<Decimal> try_from_double(double value, int32_t scale);
  bool operator==(const Decimal&) const = default;
};

// A quantity with a UCUM unit code ("mg", "mg/kg", "mg/h", "mg/kg/h", "mL/h", "kg", "cm", "min").
struct Quantity {
  Decimal value;
  std::string unit;
  bool operator==(const Quantity&) const = default;
};

// amount per volume, e.g. 500 mg / 500 mL.
struct Ratio {
  Quantity numerator;
  Quantity denominator;
  bool operator==(const Ratio&) const = default;
};

// A point in time as FHIR dateTime text: "2026-11-21", "2026-11-21T08:30:00-05:00",
// "2026-11-21T08:30:00.250+00:00". A value with a time always carries its offset.
struct DateTime {
  std::string value;
  bool empty() const { return value.empty(); }
  bool operator==(const DateTime&) const = default;
};

struct Coding {
  std::string system;  // URI: http://www.nlm.nih.gov/research/umls/rxnorm, http://loinc.org, ...
  std::string code;
  std::string display;
  bool operator==(const Coding&) const = default;
};

struct CodeableConcept {
  std::vector<Coding> codings;
  std::string text;
  bool empty() const { return codings.empty() && text.empty(); }
  bool operator==(const CodeableConcept&) const = default;
};

struct Identifier {
  std::string system;  // URI or OID of the assigning authority, from the profile's authority map
  std::string value;
  std::string type;      // table 0203: MR, VN, PLAC, FILL, SS, ...
  std::string assigner;  // assigning authority as received (CX-4.1 / Identifier.assigner.display)
  bool empty() const { return value.empty(); }
  bool operator==(const Identifier&) const = default;
};

struct HumanName {
  std::string family;
  std::vector<std::string> given;
  std::string prefix, suffix;
  std::string use;  // FHIR name-use: official, usual, ...
  bool operator==(const HumanName&) const = default;
};

struct Practitioner {
  Identifier identifier;
  HumanName name;
  bool operator==(const Practitioner&) const = default;
};

}  // namespace titrate::model
