#include "mappers/inbound/fhir/validator.h"

#include <algorithm>
#include <string_view>

#include "mappers/inbound/fhir/primitives.h"
#include "mappers/inbound/fhir/structure_def.h"

namespace titrate::inbound::fhir {
namespace {

const ElementDef* find_element(const TypeDef& type, std::string_view name) {
  for (const TypeDef* t = &type; t != nullptr;
       t = t->base.empty() ? nullptr : find_type_def(t->base)) {
    for (const ElementDef& e : t->elements) {
      if (e.name == name) return &e;
    }
  }
  return nullptr;
}

bool is_many(Card card) {
  return card == Card::kMany || card == Card::kRequiredMany;
}
bool is_required(Card card) {
  return card == Card::kRequired || card == Card::kRequiredMany;
}

bool in_code_set(const CodeSet& set, std::string_view code) {
  return std::find(set.codes.begin(), set.codes.end(), code) != set.codes.end();
}

std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

class Validator {
 public:
  Validator(Issues& issues, std::string root) : issues_(issues), root_(std::move(root)) {}

  void resource(const JsonValue& value, const std::string& path) {
    if (!value.is_object()) {
      error(path, "structure",
            "expected a resource object, got " + std::string(describe(value.kind)));
      return;
    }
    const JsonValue* type = value.find("resourceType");
    if (type == nullptr || !type->is_string()) {
      error(path, "required", "the resource has no resourceType");
      return;
    }
    if (!is_described_resource(type->text)) {
      warning(path, "not-supported", "resource type " + type->text + " is not validated or mapped");
      return;
    }
    object(value, *find_type_def(type->text), path, true);
  }

 private:
  void object(const JsonValue& value, const TypeDef& type, const std::string& path,
              bool is_resource) {
    if (!value.is_object()) {
      error(path, "structure", "expected an object, got " + std::string(describe(value.kind)));
      return;
    }
    // Sorted member names: lookups stay cheap on objects with very many members.
    std::vector<std::string_view> names;
    names.reserve(value.members.size());
    for (const JsonMember& m : value.members) names.push_back(m.name);
    std::sort(names.begin(), names.end());
    auto has = [&](std::string_view name) {
      return std::binary_search(names.begin(), names.end(), name);
    };
    for (size_t i = 1; i < names.size(); ++i) {
      if (names[i] == names[i - 1] && (i + 1 == names.size() || names[i + 1] != names[i])) {
        error(path + "." + std::string(names[i]), "structure", "duplicate property");
      }
    }
    for (const JsonMember& m : value.members) {
      if (saturated()) return;
      if (is_resource && m.name == "resourceType") continue;
      if (!m.name.empty() && m.name[0] == '_') {
        primitive_extension(value, m, type, path);
        continue;
      }
      const ElementDef* def = find_element(type, m.name);
      if (def == nullptr) {
        error(path + "." + m.name, "structure",
              "unknown element '" + m.name + "' in " + std::string(type.name));
        continue;
      }
      element(m.value, *def, path + "." + m.name, has("_" + m.name));
    }
    cardinality(type, path, [&](std::string_view name) {
      return has(name) || has(std::string("_").append(name));
    });
  }

  // Required elements, required choices, and at most one member of each choice.
  template <typename Present>
  void cardinality(const TypeDef& type, const std::string& path, Present present) {
    for (size_t i = 0; i < type.elements.size(); ++i) {
      const ElementDef& e = type.elements[i];
      if (e.choice.empty()) {
        if (is_required(e.card) && !present(e.name)) {
          error(path + "." + std::string(e.name), "required",
                "missing required element " + std::string(type.name) + "." + std::string(e.name));
        }
        continue;
      }
      if (i > 0 && type.elements[i - 1].choice == e.choice) continue;  // group handled once
      int count = 0;
      for (size_t k = i; k < type.elements.size() && type.elements[k].choice == e.choice; ++k) {
        if (present(type.elements[k].name)) ++count;
      }
      const std::string where = path + "." + std::string(e.choice);
      if (count > 1) {
        error(where, "structure", "more than one type given for " + std::string(e.choice) + "[x]");
      } else if (count == 0 && is_required(e.card)) {
        error(where, "required",
              "missing required element " + std::string(type.name) + "." + std::string(e.choice) +
                  "[x]");
      }
    }
  }

  void element(const JsonValue& value, const ElementDef& def, const std::string& path,
               bool has_extension_sibling) {
    const bool primitive = primitive_named(def.type).has_value();
    if (!is_many(def.card)) {
      if (value.is_array()) {
        error(path, "structure", "expected a single value, not an array");
        return;
      }
      single(value, def, path);
      return;
    }
    if (!value.is_array()) {
      error(path, "structure", "expected an array, got " + std::string(describe(value.kind)));
      return;
    }
    if (value.items.empty()) {
      error(path, "structure", "arrays must not be empty");
      return;
    }
    for (size_t i = 0; i < value.items.size() && !saturated(); ++i) {
      const JsonValue& item = value.items[i];
      // A primitive array item may be null when its extensions sit in the parallel _array.
      if (item.kind == JsonValue::Kind::kNull && primitive && has_extension_sibling) continue;
      single(item, def, index_path(path, i));
    }
  }

  void single(const JsonValue& value, const ElementDef& def, const std::string& path) {
    if (auto primitive = primitive_named(def.type)) {
      if (auto problem = check_primitive(*primitive, value)) {
        error(path, "value", *problem);
        return;
      }
      if (def.binding != nullptr && !in_code_set(*def.binding, value.text)) {
        error(path, "code-invalid", "'" + value.text + "' is not in the required value set");
      }
      return;
    }
    if (def.type == "Resource") {
      resource(value, path);
      return;
    }
    const TypeDef* type = find_type_def(def.type);
    if (type == nullptr) {  // a metadata datatype that is not described: shape only
      if (!value.is_object()) {
        error(path, "structure", "expected an object, got " + std::string(describe(value.kind)));
      }
      return;
    }
    object(value, *type, path, false);
    if (def.binding != nullptr && value.is_object()) coded(value, *def.binding, path);
  }

  // A required binding on a CodeableConcept: one coding at least from the bound system, and
  // every coding of that system with a code from the set.
  void coded(const JsonValue& codeable, const CodeSet& set, const std::string& path) {
    bool from_system = false;
    const JsonValue* codings = codeable.find("coding");
    if (codings != nullptr && codings->is_array()) {
      for (size_t i = 0; i < codings->items.size(); ++i) {
        const JsonValue& coding = codings->items[i];
        if (coding.string_at("system") != set.system) continue;
        from_system = true;
        std::string_view code = coding.string_at("code");
        if (!in_code_set(set, code)) {
          error(index_path(path + ".coding", i) + ".code", "code-invalid",
                std::string("'").append(code).append("' is not in the required value set"));
        }
      }
    }
    if (!from_system) {
      error(path, "code-invalid",
            "no coding from the required code system " + std::string(set.system));
    }
  }

  // "_birthDate": {"extension": [...]} beside (or instead of) "birthDate".
  void primitive_extension(const JsonValue& owner, const JsonMember& m, const TypeDef& type,
                           const std::string& path) {
    const std::string name = m.name.substr(1);
    const ElementDef* def = find_element(type, name);
    const std::string where = path + "." + m.name;
    if (def == nullptr || !primitive_named(def->type)) {
      error(where, "structure", "unknown element '" + m.name + "' in " + std::string(type.name));
      return;
    }
    const TypeDef& element_type = *find_type_def("Element");
    if (!is_many(def->card)) {
      object(m.value, element_type, where, false);
      return;
    }
    const JsonValue* values = owner.find(name);
    if (!m.value.is_array() ||
        (values != nullptr && values->is_array() && values->items.size() != m.value.items.size())) {
      error(where, "structure", "expected an array parallel to " + name);
      return;
    }
    for (size_t i = 0; i < m.value.items.size(); ++i) {
      if (m.value.items[i].kind == JsonValue::Kind::kNull) continue;
      object(m.value.items[i], element_type, index_path(where, i), false);
    }
  }

  // Past kMaxIssues one final issue says the rest were dropped: a hostile document must not
  // turn into millions of issues.
  static constexpr size_t kMaxIssues = 100;
  void error(std::string location, std::string code, std::string message) {
    if (admit()) add_error(issues_, std::move(location), std::move(code), std::move(message));
  }
  void warning(std::string location, std::string code, std::string message) {
    if (admit()) add_warning(issues_, std::move(location), std::move(code), std::move(message));
  }
  bool saturated() const { return reported_ > kMaxIssues; }
  bool admit() {
    if (++reported_ <= kMaxIssues) return true;
    if (reported_ == kMaxIssues + 1) {
      add_error(issues_, root_, "too-costly",
                "more than " + std::to_string(kMaxIssues) + " issues; the rest are not listed");
    }
    return false;
  }

  Issues& issues_;
  std::string root_;
  size_t reported_ = 0;
};

}  // namespace

void validate_resource(const JsonValue& resource, const std::string& path, Issues& issues) {
  Validator(issues, path).resource(resource, path);
}

}  // namespace titrate::inbound::fhir
