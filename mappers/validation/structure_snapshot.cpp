#include <algorithm>
#include <charconv>

#include "mappers/validation/json_access.h"
#include "mappers/validation/load_error.h"
#include "mappers/validation/structure_definitions.h"
#include "mappers/validation/value_sets.h"

namespace titrate::validation::detail {
namespace {

struct IdSegment {
  std::string_view name;   // path segment: "value[x]", "coding"
  std::string_view slice;  // ":slice" part of the id, without the colon
};

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

// The id's segments matched against the path's (slice names may contain dots, so the id is read
// by the path). Empty when the id does not follow the path.
std::vector<IdSegment> split_id(std::string_view id, const std::vector<std::string_view>& path) {
  std::vector<IdSegment> out;
  size_t pos = 0;
  for (size_t k = 0; k < path.size(); ++k) {
    if (id.compare(pos, path[k].size(), path[k]) != 0) return {};
    pos += path[k].size();
    IdSegment segment{path[k], {}};
    if (pos < id.size() && id[pos] == ':') {
      size_t end = id.size();
      if (k + 1 < path.size()) {
        std::string next(1, '.');
        next.append(path[k + 1]);
        end = id.find(next, pos);
        while (end != std::string_view::npos) {
          const size_t after = end + next.size();
          if (after == id.size() || id[after] == '.' || id[after] == ':') break;
          end = id.find(next, end + 1);
        }
        if (end == std::string_view::npos) return {};
      }
      segment.slice = id.substr(pos + 1, end - pos - 1);
      pos = end;
    }
    out.push_back(segment);
    if (k + 1 < path.size()) {
      if (pos >= id.size() || id[pos] != '.') return {};
      ++pos;
    }
  }
  return pos == id.size() ? out : std::vector<IdSegment>{};
}

std::string key_of(const std::vector<IdSegment>& segments, size_t count) {
  std::string key;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) key += '.';
    key += segments[i].name;
    if (!segments[i].slice.empty()) {
      key += ':';
      key += segments[i].slice;
    }
  }
  return key;
}

uint32_t parse_max(std::string_view max, const std::string& file, const std::string& pointer) {
  if (max == "*") return kUnbounded;
  uint32_t n = 0;
  const auto [end, ec] = std::from_chars(max.data(), max.data() + max.size(), n);
  if (ec != std::errc() || end != max.data() + max.size() || max.empty()) {
    throw_load_error(file, pointer, "max must be \"*\" or a number");
  }
  return n;
}

std::vector<std::string> string_array(const rapidjson::Value& object, std::string_view name,
                                      const std::string& file, const std::string& pointer) {
  std::vector<std::string> out;
  const rapidjson::Value* array = member(object, name);
  if (array == nullptr) return out;
  if (!array->IsArray())
    throw_load_error(file, pointer + "/" + std::string(name), "expected an array");
  for (const rapidjson::Value& item : array->GetArray()) {
    if (!item.IsString()) {
      throw_load_error(file, pointer + "/" + std::string(name), "expected strings");
    }
    out.emplace_back(name_of(item));
  }
  return out;
}

void read_types(Element& e, const rapidjson::Value& json, const std::string& file,
                const std::string& pointer) {
  const rapidjson::Value* types = member(json, "type");
  if (types == nullptr) return;
  if (!types->IsArray()) throw_load_error(file, pointer + "/type", "expected an array");
  for (rapidjson::SizeType i = 0; i < types->Size(); ++i) {
    const std::string at = pointer + "/type/" + std::to_string(i);
    const std::string_view code = string_member((*types)[i], "code");
    if (code.empty()) throw_load_error(file, at + "/code", "a type needs a code");
    TypeRef& t = e.types.emplace_back();
    t.code = code;
    t.suffix = type_suffix(code);
    t.profile_urls = string_array((*types)[i], "profile", file, at);
    t.target_types = string_array((*types)[i], "targetProfile", file, at);  // urls until resolved
  }
}

void read_fixed_and_pattern(Element& e, const rapidjson::Value& json) {
  for (const auto& m : json.GetObject()) {
    const std::string_view name = name_of(m.name);
    if (name.size() > 5 && name.substr(0, 5) == "fixed") e.fixed = &m.value;
    if (name.size() > 7 && name.substr(0, 7) == "pattern") e.pattern = &m.value;
  }
}

void read_binding(Element& e, const rapidjson::Value& json, const std::string& file,
                  const std::string& pointer) {
  const rapidjson::Value* binding = member(json, "binding");
  if (binding == nullptr || string_member(*binding, "strength") != "required") return;
  e.value_set = strip_version(string_member(*binding, "valueSet"));
  if (e.value_set.empty()) {
    throw_load_error(file, pointer + "/binding", "a required binding needs a valueSet");
  }
}

void read_slicing(Element& e, const rapidjson::Value& json) {
  const rapidjson::Value* slicing = member(json, "slicing");
  if (slicing == nullptr) return;
  e.sliced = true;
  e.closed = string_member(*slicing, "rules") == "closed";
  if (const rapidjson::Value* ds = member(*slicing, "discriminator");
      ds != nullptr && ds->IsArray()) {
    for (const rapidjson::Value& d : ds->GetArray()) {
      e.discriminators.push_back(
          {std::string(string_member(d, "type")), std::string(string_member(d, "path"))});
    }
  }
}

// The type of `choice` whose variant is called `json_name` ("valueQuantity"), or nullptr.
const TypeRef* variant_type(const Element& choice, std::string_view json_name) {
  if (!choice.choice || json_name.size() <= choice.name.size() ||
      json_name.substr(0, choice.name.size()) != choice.name) {
    return nullptr;
  }
  const std::string_view suffix = json_name.substr(choice.name.size());
  for (const TypeRef& t : choice.types) {
    if (t.suffix == suffix) return &t;
  }
  return nullptr;
}

// The choice child of `parent` that `json_name` is a variant of, with the variant's type.
std::pair<Element*, const TypeRef*> find_variant(const Element& parent,
                                                 std::string_view json_name) {
  for (Element* child : parent.children) {
    if (const TypeRef* t = variant_type(*child, json_name)) return {child, t};
  }
  return {nullptr, nullptr};
}

void add_type_node(Element& choice, const std::string& suffix, Element* node) {
  for (auto& [s, existing] : choice.type_nodes) {
    if (s == suffix) {
      existing = node;
      return;
    }
  }
  choice.type_nodes.emplace_back(suffix, node);
}

}  // namespace

std::string type_suffix(std::string_view code) {
  std::string suffix(
      code.substr(code.rfind('/') == std::string_view::npos ? 0 : code.rfind('/') + 1));
  if (!suffix.empty() && suffix[0] >= 'a' && suffix[0] <= 'z')
    suffix[0] = char(suffix[0] - 'a' + 'A');
  return suffix;
}

void read_snapshot(StructureDef& sd) {
  const rapidjson::Value* snapshot = member(*sd.json, "snapshot");
  if (snapshot == nullptr)
    throw_load_error(sd.file, "/snapshot", "a StructureDefinition needs a snapshot");
  const rapidjson::Value* elements = member(*snapshot, "element");
  if (elements == nullptr || !elements->IsArray() || elements->Empty()) {
    throw_load_error(sd.file, "/snapshot/element", "expected a non-empty array of elements");
  }
  StringMap<Element*> by_key;
  for (rapidjson::SizeType i = 0; i < elements->Size(); ++i) {
    const rapidjson::Value& json = (*elements)[i];
    const std::string pointer = "/snapshot/element/" + std::to_string(i);
    if (!json.IsObject()) throw_load_error(sd.file, pointer, "expected an object");
    Element& e = sd.elements.emplace_back();
    e.owner = &sd;
    e.snapshot_index = i;
    e.path = string_member(json, "path");
    if (e.path.empty()) throw_load_error(sd.file, pointer + "/path", "an element needs a path");
    e.slice_name = string_member(json, "sliceName");
    e.id = string_member(json, "id");
    const std::vector<std::string_view> path = split_path(e.path);
    std::vector<IdSegment> segments = split_id(e.id, path);
    if (segments.empty()) {  // no id, or one that does not follow the path: key by path
      for (std::string_view p : path) segments.push_back({p, {}});
      if (!e.slice_name.empty()) segments.back().slice = e.slice_name;
      e.id = key_of(segments, segments.size());
    }
    std::string_view last = path.back();
    e.choice = last.size() > 3 && last.substr(last.size() - 3) == "[x]";
    e.name = e.choice ? last.substr(0, last.size() - 3) : last;
    if (const rapidjson::Value* min = member(json, "min")) {
      if (!min->IsUint())
        throw_load_error(sd.file, pointer + "/min", "expected a non-negative integer");
      e.min = min->GetUint();
    }
    const rapidjson::Value* base = member(json, "base");
    const std::string_view base_max = base != nullptr ? string_member(*base, "max") : "";
    const std::string_view max = string_member(json, "max");
    e.max = max.empty()
                ? (base_max.empty() ? 1 : parse_max(base_max, sd.file, pointer + "/base/max"))
                : parse_max(max, sd.file, pointer + "/max");
    e.array_from_base = !base_max.empty();
    e.is_array = e.array_from_base ? base_max != "1" && base_max != "0" : e.max > 1;
    read_types(e, json, sd.file, pointer);
    e.content_reference = string_member(json, "contentReference");
    read_fixed_and_pattern(e, json);
    read_binding(e, json, sd.file, pointer);
    read_slicing(e, json);

    if (segments.size() == 1) {
      if (i != 0 || !e.slice_name.empty()) {
        throw_load_error(sd.file, pointer, "only the first element may be the root");
      }
      sd.root = &e;
      by_key.emplace(e.id, &e);
      continue;
    }
    if (i == 0) throw_load_error(sd.file, pointer, "the first element must be the root");
    const std::string key = key_of(segments, segments.size());
    if (!segments.back().slice.empty()) {
      // A slice (or a choice variant written as one): attached to the element it slices.
      std::vector<IdSegment> sliced_segments = segments;
      const std::string_view slice = segments.back().slice;
      const size_t reslice = slice.rfind('/');
      sliced_segments.back().slice =
          reslice == std::string_view::npos ? "" : slice.substr(0, reslice);
      const auto sliced = by_key.find(key_of(sliced_segments, sliced_segments.size()));
      if (sliced == by_key.end()) {
        throw_load_error(sd.file, pointer, "the sliced element is not defined before its slice");
      }
      Element& target = *sliced->second;
      const TypeRef* variant = variant_type(target, e.slice_name);
      if (variant != nullptr) {
        add_type_node(target, variant->suffix, &e);
      } else {
        target.slices.push_back(&e);
        target.sliced = true;
      }
    } else {
      const std::string parent_key = key_of(segments, segments.size() - 1);
      auto parent = by_key.find(parent_key);
      if (parent == by_key.end() && segments.size() > 2) {
        // Inside one variant of a choice: "Observation.valueQuantity.system".
        const auto grand = by_key.find(key_of(segments, segments.size() - 2));
        if (grand != by_key.end()) {
          const auto [choice, variant] =
              find_variant(*grand->second, segments[segments.size() - 2].name);
          if (choice != nullptr) {
            Element& node = sd.elements.emplace_back();
            node.owner = &sd;
            node.snapshot_index = i;
            node.id = parent_key;
            node.path = parent_key;
            node.name = choice->name;
            node.min = choice->min;
            node.max = choice->max;
            node.types.push_back(*variant);
            add_type_node(*choice, variant->suffix, &node);
            parent = by_key.emplace(parent_key, &node).first;
          }
        }
      }
      if (parent == by_key.end()) {
        throw_load_error(sd.file, pointer, "the parent of " + e.id + " is not defined before it");
      }
      Element& p = *parent->second;
      const auto [choice, variant] = find_variant(p, e.name);
      if (choice != nullptr && !e.choice) {
        add_type_node(*choice, variant->suffix, &e);  // "Observation.valueQuantity"
      } else {
        p.children.push_back(&e);
      }
    }
    if (!by_key.emplace(key, &e).second) {
      throw_load_error(sd.file, pointer + "/id", "element " + key + " is defined twice");
    }
    if (e.slice_name.empty()) sd.by_path.emplace(e.path, &e);
  }
  if (sd.root == nullptr) throw_load_error(sd.file, "/snapshot/element/0", "no root element");
  for (Element& e : sd.elements) {
    const bool typed_backbone =
        !e.types.empty() && (e.types[0].code == "BackboneElement" ||
                             (e.types[0].code == "Element" && !e.children.empty()));
    e.backbone = (&e == sd.root && sd.is_resource()) || (&e != sd.root && typed_backbone);
  }
}

void build_index(Element& e, const std::string& file) {
  e.index.clear();
  e.required_children.clear();
  e.choice_children.clear();
  for (const Element* child : e.children) {
    if (child->choice) {
      e.choice_children.push_back(child);
      for (size_t t = 0; t < child->types.size(); ++t) {
        e.index.push_back({child->name + child->types[t].suffix, ChildRef{child, int(t)}});
      }
    } else {
      e.index.push_back({child->name, ChildRef{child, -1}});
    }
    const bool required_slice = std::any_of(child->slices.begin(), child->slices.end(),
                                            [](const Element* s) { return s->min > 0; });
    if (child->min > 0 || required_slice) e.required_children.push_back(child);
  }
  std::sort(e.index.begin(), e.index.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < e.index.size(); ++i) {
    if (e.index[i].first == e.index[i - 1].first) {
      throw_load_error(
          file, "/snapshot/element/" + std::to_string(e.index[i].second.element->snapshot_index),
          "two children of " + e.id + " are called " + e.index[i].first);
    }
  }
}

const ChildRef* Element::find(std::string_view json_name) const {
  const auto it =
      std::lower_bound(index.begin(), index.end(), json_name,
                       [](const auto& entry, std::string_view n) { return entry.first < n; });
  return it != index.end() && it->first == json_name ? &it->second : nullptr;
}

bool Element::claims_variant(std::string_view json_name) const {
  for (const Element* c : choice_children) {
    if (json_name.size() > c->name.size() && json_name.substr(0, c->name.size()) == c->name &&
        json_name[c->name.size()] >= 'A' && json_name[c->name.size()] <= 'Z') {
      return true;
    }
  }
  return false;
}

const Element* Element::type_node(std::string_view suffix) const {
  for (const auto& [s, node] : type_nodes) {
    if (s == suffix) return node;
  }
  return nullptr;
}

std::string Element::describe_cardinality() const {
  return std::to_string(min) + ".." + (max == kUnbounded ? std::string("*") : std::to_string(max));
}

}  // namespace titrate::validation::detail
