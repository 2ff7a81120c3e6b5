#include "mappers/validation/resource_walker.h"

#include <charconv>

#include "gateway/model/json_text.h"
#include "mappers/validation/json_access.h"
#include "mappers/validation/pattern_match.h"

namespace titrate::validation::detail {
namespace {

constexpr int kMaxDepth = 64;

std::string cardinality_message(const Element& el, size_t found) {
  return "expected " + el.describe_cardinality() + ", found " + std::to_string(found) + " (" +
         el.id + ")";
}

bool is_type_name(std::string_view s) {
  if (s.empty() || s[0] < 'A' || s[0] > 'Z') return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Whether some value reached by `path` ("coding.system") from `value` matches `expected`.
bool any_at_path(const rapidjson::Value& value, std::string_view path,
                 const rapidjson::Value& expected, bool pattern) {
  if (value.IsArray()) {
    for (const rapidjson::Value& item : value.GetArray()) {
      if (any_at_path(item, path, expected, pattern)) return true;
    }
    return false;
  }
  if (path.empty())
    return pattern ? matches_pattern(value, expected) : matches_fixed(value, expected);
  const size_t dot = path.find('.');
  const rapidjson::Value* next = member(value, path.substr(0, dot));
  if (next == nullptr) return false;
  return any_at_path(*next, dot == std::string_view::npos ? "" : path.substr(dot + 1), expected,
                     pattern);
}

// The element `path` ("coding.system") names below `from`, or nullptr.
const Element* element_at_path(const Element& from, std::string_view path) {
  const Element* e = &from;
  while (!path.empty() && e != nullptr) {
    const size_t dot = path.find('.');
    const ChildRef* child = e->find(path.substr(0, dot));
    e = child == nullptr ? nullptr : child->element;
    path = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  }
  return e;
}

}  // namespace

void ResourceWalker::Scope::add(const Element* e) {
  if (e == nullptr || e->index.empty() || count == layers.size()) return;
  for (size_t i = 0; i < count; ++i) {
    if (layers[i] == e) return;
  }
  layers[count++] = e;
}

void ResourceWalker::push(std::string_view token) {
  model::json_text::append_pointer_token(ptr_, token);
}

void ResourceWalker::push(size_t index) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, index);
  ptr_ += '/';
  ptr_.append(buffer, end);
}

void ResourceWalker::error_at(std::string_view token, std::string message) {
  const size_t len = ptr_.size();
  push(token);
  error(std::move(message));
  ptr_.resize(len);
}

void ResourceWalker::validate(const rapidjson::Value& resource, const StructureDef& sd) {
  ptr_.clear();
  root_ = &resource;
  entries_.clear();
  slice_of_.clear();
  depth_ = 0;
  Scope scope;
  scope.add(sd.root);
  scope.add(sd.core != nullptr ? sd.core->root : nullptr);
  scope.modifier_extension = true;
  scope.resource = true;
  check_object(resource, scope);
}

ChildRef ResourceWalker::find(const Scope& scope, std::string_view name) const {
  for (size_t i = 0; i < scope.count; ++i) {
    if (const ChildRef* ref = scope.layers[i]->find(name)) return *ref;
    if (scope.layers[i]->claims_variant(name)) return {};
  }
  if (name == "id") return {&defs_.implicit_id, -1};
  if (name == "extension") return {&defs_.implicit_extension, -1};
  if (name == "modifierExtension" && scope.modifier_extension) {
    return {&defs_.implicit_modifier_extension, -1};
  }
  return {};
}

void ResourceWalker::check_object(const rapidjson::Value& object, const Scope& scope) {
  if (object.MemberCount() == 0) {
    error("empty object");
    return;
  }
  const size_t mark = entries_.size();
  for (const auto& m : object.GetObject()) {
    const std::string_view name = name_of(m.name);
    if (scope.resource && name == "resourceType") continue;
    bool duplicate = false;
    for (size_t k = mark; k < entries_.size() && !duplicate; ++k) {
      duplicate = entries_[k].name == name;
    }
    if (duplicate) {
      error_at(name, "duplicate property");
      continue;
    }
    Entry entry;
    entry.name = name;
    entry.value = &m.value;
    entry.underscore = name.size() > 1 && name[0] == '_';
    const ChildRef ref = find(scope, entry.underscore ? name.substr(1) : name);
    const bool primitive =
        ref.element != nullptr && !ref.element->types.empty() &&
        ref.element->types[ref.type_index < 0 ? 0 : ref.type_index].primitive != Primitive::kNone;
    if (ref.element == nullptr || (entry.underscore && !primitive)) {
      error_at(name, "unknown element");
    } else {
      entry.element = ref.element;
      entry.type_index = ref.type_index;
    }
    entries_.push_back(entry);
  }
  const size_t end = entries_.size();
  for (size_t k = mark; k < end; ++k) {
    if (entries_[k].element == nullptr || entries_[k].underscore) continue;
    const Entry value = entries_[k];
    const Entry* extension = nullptr;
    Entry extension_copy;
    for (size_t j = mark; j < end; ++j) {
      const Entry& u = entries_[j];
      if (u.underscore && u.element != nullptr && u.name.substr(1) == value.name) {
        entries_[j].done = true;
        extension_copy = u;
        extension = &extension_copy;
        break;
      }
    }
    check_member(&value, extension);
    for (size_t j = mark; j < k; ++j) {
      const Entry& other = entries_[j];
      if (value.element->choice && other.element != nullptr && !other.underscore &&
          other.element->name == value.element->name) {
        error_at(value.name, "only one variant of " + value.element->id + " is allowed");
        break;
      }
    }
  }
  for (size_t k = mark; k < end; ++k) {
    if (entries_[k].element != nullptr && entries_[k].underscore && !entries_[k].done) {
      const Entry extension = entries_[k];
      check_member(nullptr, &extension);
    }
  }
  for (size_t layer = 0; layer < scope.count; ++layer) {
    for (const Element* required : scope.layers[layer]->required_children) {
      bool shadowed = false;
      for (size_t earlier = 0; earlier < layer && !shadowed; ++earlier) {
        for (const Element* c : scope.layers[earlier]->children) {
          if (c->name == required->name) {
            shadowed = true;
            break;
          }
        }
      }
      if (shadowed) continue;
      bool present = false;
      for (size_t k = mark; k < end && !present; ++k) {
        present = entries_[k].element != nullptr && entries_[k].element->name == required->name;
      }
      if (!present) report_missing(*required);
    }
  }
  entries_.resize(mark);
}

void ResourceWalker::report_missing(const Element& required) {
  const size_t len = ptr_.size();
  push(required.choice ? required.name + "[x]" : required.name);
  if (required.min > 0) error(cardinality_message(required, 0));
  for (const Element* slice : required.slices) {
    if (slice->min > 0) {
      error("slice " + slice->slice_name + " " + cardinality_message(*slice, 0));
    }
  }
  ptr_.resize(len);
}

void ResourceWalker::check_count(const Element& el, size_t count) {
  if (count < el.min || count > el.max) error(cardinality_message(el, count));
}

void ResourceWalker::check_member(const Entry* value, const Entry* extension) {
  const Element& el = *(value != nullptr ? value : extension)->element;
  const size_t len = ptr_.size();
  if (value != nullptr) {
    push(value->name);
    const rapidjson::Value& v = *value->value;
    if (el.max == 0) {
      check_count(el, v.IsArray() ? v.Size() : 1);
    } else if (el.is_array) {
      if (!v.IsArray()) {
        error("expected an array (" + el.id + " repeats)");
      } else if (v.Empty()) {
        error("empty array");
      } else {
        check_count(el, v.Size());
        check_items(v, el, value->type_index, extension != nullptr ? extension->value : nullptr);
      }
    } else if (v.IsArray()) {
      error("expected a single value, not an array (" + el.id + " has max 1)");
    } else if (v.IsNull()) {
      error("null is not allowed");
    } else {
      check_item(v, el, value->type_index, nullptr);
    }
    ptr_.resize(len);
  }
  if (extension != nullptr) {
    push(extension->name);
    const rapidjson::Value& u = *extension->value;
    if (value == nullptr) {
      if (el.max == 0 || (el.is_array && u.IsArray())) check_count(el, u.IsArray() ? u.Size() : 1);
    }
    check_primitive_extension(u, el, value != nullptr ? value->value : nullptr);
    ptr_.resize(len);
  }
}

void ResourceWalker::check_items(const rapidjson::Value& array, const Element& el, int type_index,
                                 const rapidjson::Value* extensions) {
  const bool sliced = el.sliced && !el.slices.empty();
  const size_t mark = slice_of_.size();
  if (sliced) {
    for (const rapidjson::Value& item : array.GetArray())
      slice_of_.push_back(match_slice(item, el));
  }
  const size_t len = ptr_.size();
  for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
    push(i);
    const rapidjson::Value& item = array[i];
    const Element* slice = sliced ? slice_of_[mark + i] : nullptr;
    if (item.IsNull()) {
      const bool has_extension = extensions != nullptr && extensions->IsArray() &&
                                 i < extensions->Size() && (*extensions)[i].IsObject();
      if (!has_extension) error("null is not allowed");
    } else {
      check_item(item, el, type_index, slice);
      if (sliced && slice == nullptr && el.closed) {
        error("matches no slice of " + el.id + " (closed slicing)");
      }
    }
    ptr_.resize(len);
  }
  if (sliced) {
    for (const Element* slice : el.slices) {
      size_t count = 0;
      for (size_t i = 0; i < array.Size(); ++i) count += slice_of_[mark + i] == slice ? 1 : 0;
      if (count < slice->min || count > slice->max) {
        error("slice " + slice->slice_name + " " + cardinality_message(*slice, count));
      }
    }
    slice_of_.resize(mark);
  }
}

const Element* ResourceWalker::match_slice(const rapidjson::Value& item, const Element& el) const {
  for (const Element* slice : el.slices) {
    if (in_slice(item, *slice, el)) return slice;
  }
  return nullptr;
}

bool ResourceWalker::in_slice(const rapidjson::Value& item, const Element& slice,
                              const Element& el) const {
  const bool extension = !el.types.empty() && el.types[0].code == "Extension";
  if (extension) {
    std::string_view url;
    if (!slice.types.empty() && !slice.types[0].profile_urls.empty()) {
      url = strip_version(slice.types[0].profile_urls[0]);
    } else if (const ChildRef* u = slice.find("url");
               u != nullptr && u->element->fixed != nullptr && u->element->fixed->IsString()) {
      url = name_of(*u->element->fixed);
    } else {
      url = slice.slice_name;
    }
    return string_member(item, "url") == url;
  }
  if (slice.fixed != nullptr) return matches_fixed(item, *slice.fixed);
  if (slice.pattern != nullptr) return matches_pattern(item, *slice.pattern);
  bool evaluated = false;
  for (const Discriminator& d : el.discriminators) {
    if (d.path == "$this" || (d.type != "value" && d.type != "pattern")) continue;
    const Element* target = element_at_path(slice, d.path);
    if (target == nullptr || (target->fixed == nullptr && target->pattern == nullptr)) continue;
    evaluated = true;
    const bool pattern = target->fixed == nullptr;
    if (!any_at_path(item, d.path, pattern ? *target->pattern : *target->fixed, pattern)) {
      return false;
    }
  }
  return evaluated;
}

void ResourceWalker::check_item(const rapidjson::Value& value, const Element& el, int type_index,
                                const Element* slice) {
  const Element& def = slice != nullptr ? *slice : el;
  const TypeRef* type = nullptr;
  if (el.choice && type_index >= 0) {
    type = &el.types[type_index];
  } else if (!def.types.empty()) {
    type = &def.types[0];
  } else if (!el.types.empty()) {
    type = &el.types[0];
  }
  const Element* content = def.content != nullptr ? def.content : el.content;
  if (type == nullptr && content != nullptr && !content->types.empty()) type = &content->types[0];
  const Element* variant = el.choice && type != nullptr ? el.type_node(type->suffix) : nullptr;
  const Element* bound = variant != nullptr && variant->required != nullptr ? variant
                         : def.required != nullptr                          ? &def
                         : el.required != nullptr                           ? &el
                                                                            : nullptr;

  if (type != nullptr && type->primitive != Primitive::kNone) {
    if (const char* problem = check_primitive(type->primitive, value)) {
      error(problem);
      return;
    }
    check_fixed(value, variant);
    check_fixed(value, &def);
    if (bound != nullptr) check_code_binding(value, *bound);
    return;
  }
  if (type != nullptr && type->any_resource) {
    check_resource(value);
    return;
  }
  if (!value.IsObject()) {
    error("expected an object (" + (type != nullptr ? type->code : std::string("BackboneElement")) +
          ")");
    return;
  }
  if (depth_ >= kMaxDepth) {
    error("nested too deeply");
    return;
  }
  check_fixed(value, variant);
  check_fixed(value, &def);
  Scope scope;
  scope.add(variant);
  scope.add(&def);
  scope.add(&el);
  scope.add(content);
  scope.add(def.base);  // what an incomplete profile snapshot leaves out
  scope.add(el.base);
  if (type != nullptr) {
    if (type->sd != nullptr && type->sd == defs_.extension) {
      const std::string_view url = string_member(value, "url");
      const StructureDef* ext = nullptr;
      for (const StructureDef* p : type->profiles) {
        if (p->url == url) ext = p;
      }
      if (ext == nullptr && !url.empty()) ext = defs_.structure(url);
      if (ext != nullptr && ext->is_extension() && ext->root != nullptr) scope.add(ext->root);
    } else {
      for (const StructureDef* p : type->profiles) scope.add(p->root);
    }
    if (type->sd != nullptr) scope.add(type->sd->root);
  }
  scope.modifier_extension =
      def.backbone || el.backbone || (content != nullptr && content->backbone);
  ++depth_;
  check_object(value, scope);
  --depth_;
  if (bound != nullptr) check_concept_binding(value, *bound);
  if (type != nullptr && type->code == "Reference") check_reference(value, *type);
}

void ResourceWalker::check_resource(const rapidjson::Value& value) {
  if (!value.IsObject()) {
    error("expected a resource (an object)");
    return;
  }
  const rapidjson::Value* type = member(value, "resourceType");
  if (type == nullptr || !type->IsString()) {
    error_at("resourceType", "expected a resourceType string");
    return;
  }
  const StructureDef* sd = defs_.core_resource(name_of(*type));
  if (sd == nullptr) {
    error_at("resourceType", "no definition is loaded for this resource type");
    return;
  }
  if (depth_ >= kMaxDepth) {
    error("nested too deeply");
    return;
  }
  Scope scope;
  scope.add(sd->root);
  scope.modifier_extension = true;
  scope.resource = true;
  ++depth_;
  check_object(value, scope);
  --depth_;
}

void ResourceWalker::check_primitive_extension(const rapidjson::Value& extension, const Element& el,
                                               const rapidjson::Value* values) {
  const Scope element_scope;  // only id and extension
  if (!el.is_array) {
    if (!extension.IsObject()) {
      error("expected an object (the id and extensions of a primitive)");
      return;
    }
    check_object(extension, element_scope);
    return;
  }
  if (!extension.IsArray()) {
    error("expected an array (" + el.id + " repeats)");
    return;
  }
  if (values != nullptr && values->IsArray() && values->Size() != extension.Size()) {
    error("expected as many items as " + el.name);
  }
  const size_t len = ptr_.size();
  for (rapidjson::SizeType i = 0; i < extension.Size(); ++i) {
    push(i);
    if (extension[i].IsObject()) {
      check_object(extension[i], element_scope);
    } else if (!extension[i].IsNull()) {
      error("expected an object or null");
    }
    ptr_.resize(len);
  }
}

void ResourceWalker::check_fixed(const rapidjson::Value& value, const Element* def) {
  if (def == nullptr) return;
  if (def->fixed != nullptr && !matches_fixed(value, *def->fixed)) {
    error("value does not match the fixed value of " + def->id);
  }
  if (def->pattern != nullptr && !matches_pattern(value, *def->pattern)) {
    error("value does not match the pattern of " + def->id);
  }
}

void ResourceWalker::check_code_binding(const rapidjson::Value& value, const Element& bound) {
  if (value.IsString() && !bound.required->contains_code(name_of(value))) {
    error("value is not in required ValueSet " + bound.value_set);
  }
}

void ResourceWalker::check_concept_binding(const rapidjson::Value& value, const Element& bound) {
  bool found = false;
  if (const rapidjson::Value* codings = member(value, "coding")) {
    if (codings->IsArray()) {
      for (const rapidjson::Value& coding : codings->GetArray()) {
        const std::string_view code = string_member(coding, "code");
        if (!code.empty() && bound.required->contains(string_member(coding, "system"), code)) {
          found = true;
          break;
        }
      }
    }
  } else {
    const std::string_view code = string_member(value, "code");
    found = !code.empty() && bound.required->contains(string_member(value, "system"), code);
  }
  if (!found) error("value is not in required ValueSet " + bound.value_set);
}

template <typename Allowed, typename List>
void ResourceWalker::check_contained_reference(std::string_view id, const Allowed& allowed,
                                               const List& allowed_list) {
  const rapidjson::Value* contained = root_ != nullptr ? member(*root_, "contained") : nullptr;
  if (contained != nullptr && contained->IsArray()) {
    for (const rapidjson::Value& resource : contained->GetArray()) {
      if (string_member(resource, "id") != id) continue;
      const std::string_view type = string_member(resource, "resourceType");
      if (!allowed(type) && defs_.core_resource(type) != nullptr) {
        error_at("reference", "reference to " + std::string(type) +
                                  " is not allowed (allowed: " + allowed_list() + ")");
      }
      return;
    }
  }
  error_at("reference", "no contained resource has this id");
}

void ResourceWalker::check_reference(const rapidjson::Value& value, const TypeRef& type) {
  auto allowed = [&type](std::string_view target) {
    if (type.target_types.empty()) return true;
    for (const std::string& t : type.target_types) {
      if (t == target) return true;
    }
    return false;
  };
  auto allowed_list = [&type]() {
    std::string list;
    for (const std::string& t : type.target_types) list += (list.empty() ? "" : " | ") + t;
    return list;
  };
  const std::string_view declared = string_member(value, "type");
  if (!declared.empty() && !allowed(declared)) {
    error_at("type", "reference type is not an allowed target (allowed: " + allowed_list() + ")");
  }
  std::string_view ref = string_member(value, "reference");
  // Conditional references (transactions only) and urn: references name no type.
  if (ref.empty() || starts_with(ref, "urn:uuid:") || starts_with(ref, "urn:oid:") ||
      ref.find('?') != std::string_view::npos) {
    return;
  }
  if (ref[0] == '#') {
    if (ref.size() > 1) check_contained_reference(ref.substr(1), allowed, allowed_list);
    return;
  }
  if (const size_t history = ref.find("/_history/"); history != std::string_view::npos) {
    ref = ref.substr(0, history);
  }
  const size_t slash = ref.rfind('/');
  const std::string_view prefix = slash == std::string_view::npos ? "" : ref.substr(0, slash);
  const std::string_view target = prefix.substr(prefix.rfind('/') + 1);
  if (slash == std::string_view::npos || slash + 1 == ref.size() || !is_type_name(target)) {
    error_at("reference", "not a valid reference (expected Type/id, #id or urn:uuid:)");
    return;
  }
  if (!allowed(target)) {
    const bool known = defs_.core_resource(target) != nullptr;
    error_at("reference", "reference to " +
                              (known ? std::string(target) : std::string("this type")) +
                              " is not allowed (allowed: " + allowed_list() + ")");
  }
}

}  // namespace titrate::validation::detail
