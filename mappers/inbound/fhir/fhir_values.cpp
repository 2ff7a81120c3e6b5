#include "mappers/inbound/fhir/fhir_values.h"

#include <charconv>

#include "gateway/model/units.h"

namespace titrate::inbound::fhir {
namespace {

// Mantissa digits of a JSON number and the position of its decimal point, moved by the
// exponent, rewritten as plain decimal text.
std::optional<std::string> expand_exponent(std::string_view text) {
  const size_t e = text.find_first_of("eE");
  if (e == std::string_view::npos) return std::string(text);
  std::string_view exp_text = text.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  int exponent = 0;
  auto [end, ec] = std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  if (ec != std::errc() || end != exp_text.data() + exp_text.size() || exponent > 40 ||
      exponent < -40) {
    return std::nullopt;
  }
  std::string_view mantissa = text.substr(0, e);
  std::string sign;
  if (!mantissa.empty() && mantissa.front() == '-') {
    sign = "-";
    mantissa.remove_prefix(1);
  }
  const size_t dot = mantissa.find('.');
  std::string digits(mantissa.substr(0, dot));
  long point = static_cast<long>(digits.size()) + exponent;
  if (dot != std::string_view::npos) digits += mantissa.substr(dot + 1);
  if (point <= 0) return sign + "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  if (static_cast<size_t>(point) >= digits.size()) {
    return sign + digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  }
  return sign + digits.substr(0, point) + "." + digits.substr(point);
}

}  // namespace

std::optional<model::Decimal> decimal_from_json(std::string_view number_text) {
  std::optional<std::string> plain = expand_exponent(number_text);
  if (!plain) return std::nullopt;
  return model::Decimal::parse(*plain);
}

model::Coding read_coding(const JsonValue& coding) {
  return {std::string(coding.string_at("system")), std::string(coding.string_at("code")),
          std::string(coding.string_at("display"))};
}

model::CodeableConcept read_codeable_concept(const JsonValue* concept_value) {
  model::CodeableConcept out;
  if (concept_value == nullptr) return out;
  if (const JsonValue* codings = concept_value->find("coding")) {
    for (const JsonValue& c : codings->items) out.codings.push_back(read_coding(c));
  }
  out.text = concept_value->string_at("text");
  return out;
}

std::string first_code(const JsonValue* concept_value, std::string_view system) {
  if (concept_value == nullptr) return {};
  const JsonValue* codings = concept_value->find("coding");
  if (codings == nullptr) return {};
  for (const JsonValue& c : codings->items) {
    if (system.empty() || c.string_at("system") == system) {
      std::string_view code = c.string_at("code");
      if (!code.empty()) return std::string(code);
    }
  }
  return {};
}

bool has_coding(const JsonValue* concept_value, std::string_view system, std::string_view code) {
  if (concept_value == nullptr) return false;
  const JsonValue* codings = concept_value->find("coding");
  if (codings == nullptr) return false;
  for (const JsonValue& c : codings->items) {
    if (c.string_at("system") == system && c.string_at("code") == code) return true;
  }
  return false;
}

model::Identifier read_identifier(const JsonValue& identifier,
                                  const profile::MappingProfile& profile) {
  model::Identifier out;
  out.system = identifier.string_at("system");
  out.value = identifier.string_at("value");
  const JsonValue* type = identifier.find("type");
  out.type = first_code(type, kV2IdentifierTypes);
  if (out.type.empty()) out.type = first_code(type);
  if (const JsonValue* assigner = identifier.find("assigner")) {
    out.assigner = assigner->string_at("display");
  }
  if (out.system.empty() && !out.assigner.empty()) {
    auto known = profile.identifier_systems.find(out.assigner);
    if (known != profile.identifier_systems.end()) out.system = known->second;
  }
  return out;
}

model::HumanName read_human_name(const JsonValue& name) {
  model::HumanName out;
  out.family = name.string_at("family");
  if (const JsonValue* given = name.find("given")) {
    for (const JsonValue& g : given->items) {
      if (g.is_string()) out.given.push_back(g.text);
    }
  }
  auto first_of = [&](std::string_view element) {
    const JsonValue* parts = name.find(element);
    return parts != nullptr && !parts->items.empty() && parts->items[0].is_string()
               ? parts->items[0].text
               : std::string();
  };
  out.prefix = first_of("prefix");
  out.suffix = first_of("suffix");
  out.use = name.string_at("use");
  return out;
}

const JsonValue* preferred_name(const JsonValue* names) {
  if (names == nullptr || names->items.empty()) return nullptr;
  for (std::string_view use : {"official", "usual"}) {
    for (const JsonValue& n : names->items) {
      if (n.string_at("use") == use) return &n;
    }
  }
  return &names->items[0];
}

std::optional<std::string> quantity_unit(const JsonValue& quantity,
                                         const profile::MappingProfile& profile) {
  const std::string_view code = quantity.string_at("code");
  const std::string_view unit = quantity.string_at("unit");
  if (!code.empty() && quantity.string_at("system") == kUcumSystem) {
    if (auto ucum = units::canonical_ucum(code)) return ucum;
  }
  for (std::string_view text : {code, unit}) {
    if (text.empty()) continue;
    if (auto ucum = profile::to_ucum(profile, text)) {
      if (auto canonical = units::canonical_ucum(*ucum)) return canonical;
      return ucum;
    }
    if (auto canonical = units::canonical_ucum(text)) return canonical;
  }
  return std::nullopt;
}

QuantityRead read_quantity(const JsonValue& quantity, const profile::MappingProfile& profile) {
  QuantityRead out;
  if (quantity.find("comparator") != nullptr) {
    out.problem = "a quantity with a comparator (<, >) is not an exact value";
    out.location = "comparator";
    return out;
  }
  const JsonValue* value = quantity.find("value");
  if (value == nullptr) {
    out.problem = "the quantity has no value";
    out.location = "value";
    return out;
  }
  std::optional<model::Decimal> decimal = decimal_from_json(value->text);
  if (!decimal) {
    out.problem = "the value has more than 18 significant digits or an out-of-range exponent";
    out.location = "value";
    return out;
  }
  std::optional<std::string> unit = quantity_unit(quantity, profile);
  // A code the sender declares as UCUM is kept as sent even when Titrate cannot convert it
  // ("mEq"): the order maps, and whatever must compute with it refuses it there, by name.
  if (!unit && quantity.string_at("system") == kUcumSystem && !quantity.string_at("code").empty()) {
    unit = std::string(quantity.string_at("code"));
  }
  if (!unit) {
    out.problem = "the unit is not one Titrate converts and not in the profile's unit map";
    out.location = quantity.find("code") != nullptr ? "code" : "unit";
    return out;
  }
  out.quantity = model::Quantity{*decimal, *unit};
  return out;
}

}  // namespace titrate::inbound::fhir
