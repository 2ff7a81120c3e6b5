#include "mappers/outbound/fhir/resource_writer.h"

#include <vector>

#include "gateway/model/json_text.h"
#include "gateway/model/units.h"
#include "mappers/outbound/fhir/code_systems.h"

namespace titrate::outbound::fhir {
namespace {

bool is_bare_oid(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  bool has_dot = false;
  for (const char c : s) {
    if (c == '.') {
      has_dot = true;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return has_dot;
}

bool has_content(const model::Identifier& identifier) {
  return !identifier.value.empty();
}

}  // namespace

bool has_content(const model::Coding& coding) {
  return !coding.code.empty();
}

bool has_content(const model::CodeableConcept& cc) {
  if (!cc.text.empty()) return true;
  for (const model::Coding& coding : cc.codings) {
    if (has_content(coding)) return true;
  }
  return false;
}

std::string uri_of_system(std::string_view system) {
  if (is_bare_oid(system)) return "urn:oid:" + std::string(system);
  return std::string(system);
}

model::Quantity in_unit(const model::Quantity& q, std::string_view unit) {
  if (q.unit == unit) return q;
  if (std::optional<model::Quantity> converted = units::convert(q, unit)) return *converted;
  return q;
}

ResourceWriter::ResourceWriter(std::string_view resource_type, std::string_view id,
                               std::initializer_list<std::string_view> profiles)
    : w_(buffer_) {
  w_.StartObject();
  member("resourceType", resource_type);
  member("id", id);
  if (profiles.size() > 0) {
    key("meta");
    w_.StartObject();
    key("profile");
    w_.StartArray();
    for (const std::string_view profile : profiles) string(profile);
    w_.EndArray();
    w_.EndObject();
  }
}

void ResourceWriter::key(std::string_view name) {
  w_.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

void ResourceWriter::string(std::string_view value) {
  std::string storage;
  const std::string_view text = model::json_text::valid_utf8(value, storage);
  w_.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void ResourceWriter::decimal(const model::Decimal& value) {
  // RawValue keeps the Decimal's text ("72.50"); rapidjson 1.1.0's RawNumber would quote it.
  const std::string text = value.to_string();
  w_.RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

void ResourceWriter::member(std::string_view name, std::string_view value) {
  if (value.empty()) return;
  key(name);
  string(value);
}

void ResourceWriter::coding(const model::Coding& coding) {
  w_.StartObject();
  member("system", uri_of_system(coding.system));
  member("code", coding.code);
  member("display", coding.display);
  w_.EndObject();
}

void ResourceWriter::codeable_concept(const model::CodeableConcept& cc,
                                      std::initializer_list<std::string_view> first) {
  std::vector<const model::Coding*> ordered;
  for (const std::string_view system : first) {
    for (const model::Coding& c : cc.codings) {
      if (c.system == system && has_content(c)) ordered.push_back(&c);
    }
  }
  for (const model::Coding& c : cc.codings) {
    bool preferred = false;
    for (const std::string_view system : first) preferred = preferred || c.system == system;
    if (!preferred && has_content(c)) ordered.push_back(&c);
  }
  w_.StartObject();
  if (!ordered.empty()) {
    key("coding");
    w_.StartArray();
    for (const model::Coding* c : ordered) coding(*c);
    w_.EndArray();
  }
  member("text", cc.text);
  w_.EndObject();
}

void ResourceWriter::codeable_concept(std::string_view system, std::string_view code,
                                      std::string_view display, std::string_view text) {
  model::CodeableConcept cc;
  cc.codings.push_back({std::string(system), std::string(code), std::string(display)});
  cc.text = std::string(text);
  codeable_concept(cc);
}

void ResourceWriter::identifier(const model::Identifier& identifier) {
  w_.StartObject();
  if (!identifier.type.empty()) {
    key("type");
    codeable_concept(systems::kV2IdentifierType, identifier.type, {});
  }
  member("system", uri_of_system(identifier.system));
  member("value", identifier.value);
  if (!identifier.assigner.empty()) {
    key("assigner");
    w_.StartObject();
    member("display", identifier.assigner);
    w_.EndObject();
  }
  w_.EndObject();
}

void ResourceWriter::identifier(std::string_view system, std::string_view value) {
  model::Identifier id;
  id.system = std::string(system);
  id.value = std::string(value);
  identifier(id);
}

void ResourceWriter::reference_by_identifier(std::string_view type,
                                             const model::Identifier& identifier) {
  w_.StartObject();
  member("type", type);
  if (has_content(identifier)) {
    key("identifier");
    this->identifier(identifier);
  }
  w_.EndObject();
}

void ResourceWriter::literal_reference(std::string_view type, std::string_view id) {
  w_.StartObject();
  member("reference", std::string(type) + "/" + std::string(id));
  w_.EndObject();
}

void ResourceWriter::quantity(const model::Quantity& quantity) {
  w_.StartObject();
  key("value");
  decimal(quantity.value);
  member("unit", quantity.unit);
  if (!quantity.unit.empty()) {
    member("system", systems::kUcum);
    member("code", quantity.unit);
  }
  w_.EndObject();
}

std::string ResourceWriter::finish() {
  w_.EndObject();
  return std::string(buffer_.GetString(), buffer_.GetSize());
}

}  // namespace titrate::outbound::fhir
