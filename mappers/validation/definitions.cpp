#include "mappers/validation/definitions.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "mappers/validation/json_access.h"
#include "mappers/validation/load_error.h"

namespace titrate::validation::detail {
namespace {

std::vector<std::string> definition_files(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw ProfileLoadError(dir + ": not a folder of FHIR definitions");
  }
  std::vector<std::string> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") {
      files.push_back(it->path().string());
    }
  }
  if (ec) throw ProfileLoadError(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw ProfileLoadError(path + ": cannot be read");
  std::string text;
  char buffer[65536];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw ProfileLoadError(path + ": cannot be read");
  return text;
}

std::string element_pointer(const Element& e) {
  return "/snapshot/element/" + std::to_string(e.snapshot_index);
}

bool is_structural_type(std::string_view code) {
  return code == "BackboneElement" || code == "Element";
}

void read_header(StructureDef& sd) {
  const rapidjson::Value& json = *sd.json;
  sd.url = string_member(json, "url");
  sd.name = string_member(json, "name");
  sd.type = string_member(json, "type");
  sd.kind = string_member(json, "kind");
  sd.base_url = strip_version(string_member(json, "baseDefinition"));
  sd.constraint = string_member(json, "derivation") == "constraint";
  const rapidjson::Value* abstract = member(json, "abstract");
  sd.abstract = abstract != nullptr && abstract->IsBool() && abstract->GetBool();
  if (sd.url.empty()) throw_load_error(sd.file, "/url", "a StructureDefinition needs a url");
  if (sd.type.empty()) throw_load_error(sd.file, "/type", "a StructureDefinition needs a type");
  if (sd.kind.empty()) throw_load_error(sd.file, "/kind", "a StructureDefinition needs a kind");
  if (sd.constraint && sd.base_url.empty()) {
    throw_load_error(sd.file, "/baseDefinition", "a constraint needs a baseDefinition");
  }
}

void make_implicit(Element& e, const char* name, const StructureDef* extension) {
  e.id = name;
  e.path = name;
  e.name = name;
  TypeRef& t = e.types.emplace_back();
  if (extension == nullptr) {
    t.code = "http://hl7.org/fhirpath/System.String";
    t.primitive = Primitive::kSystemString;
    e.max = 1;
  } else {
    t.code = "Extension";
    t.suffix = "Extension";
    t.sd = extension;
    e.max = kUnbounded;
    e.is_array = true;
  }
}

}  // namespace

const StructureDef* Definitions::structure(std::string_view url) const {
  const auto it = by_url.find(strip_version(url));
  return it == by_url.end() ? nullptr : it->second;
}

const StructureDef* Definitions::core_resource(std::string_view type) const {
  const auto it = core_by_type.find(type);
  return it != core_by_type.end() && it->second->is_resource() && !it->second->abstract ? it->second
                                                                                        : nullptr;
}

class DefinitionsLinker {
 public:
  explicit DefinitionsLinker(Definitions& defs) : defs_(defs) {}

  void link() {
    for (StructureDef& sd : defs_.structures) {
      if (sd.kind == "primitive-type") continue;
      if (!sd.constraint && !defs_.core_by_type.emplace(sd.type, &sd).second) {
        throw_load_error(sd.file, "/type", "a second specialization of " + sd.type);
      }
    }
    for (StructureDef& sd : defs_.structures) link_base(sd);
    for (StructureDef& sd : defs_.structures) find_core(sd);
    const auto extension = defs_.core_by_type.find("Extension");
    defs_.extension = extension == defs_.core_by_type.end() ? nullptr : extension->second;
    // Bases first, so a profile inherits array-ness and types from a resolved base.
    std::vector<std::pair<size_t, StructureDef*>> by_depth;
    for (StructureDef& sd : defs_.structures) {
      size_t depth = 0;
      for (const StructureDef* b = sd.base; b != nullptr; b = b->base) ++depth;
      by_depth.emplace_back(depth, &sd);
    }
    std::stable_sort(by_depth.begin(), by_depth.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [depth, sd] : by_depth) {
      for (Element& e : sd->elements) resolve_element(*sd, e);
    }
    if (defs_.extension == nullptr && !defs_.structures.empty()) {
      throw ProfileLoadError("the core StructureDefinition of Extension is not loaded");
    }
    make_implicit(defs_.implicit_id, "id", nullptr);
    make_implicit(defs_.implicit_extension, "extension", defs_.extension);
    make_implicit(defs_.implicit_modifier_extension, "modifierExtension", defs_.extension);
    for (StructureDef& sd : defs_.structures) {
      for (Element& e : sd.elements) build_index(e, sd.file);
    }
  }

 private:
  void link_base(StructureDef& sd) {
    if (!sd.constraint) return;
    sd.base = defs_.structure(sd.base_url);
    if (sd.base == nullptr) {
      throw_load_error(sd.file, "/baseDefinition",
                       "base definition " + sd.base_url + " is not loaded");
    }
  }

  void find_core(StructureDef& sd) {
    const StructureDef* core = &sd;
    for (size_t hops = 0; core->constraint; ++hops) {
      if (hops > defs_.structures.size()) {
        throw_load_error(sd.file, "/baseDefinition", "the base chain is a cycle");
      }
      core = core->base;
    }
    sd.core = core;
    if (core->type != sd.type) {
      throw_load_error(sd.file, "/type", "type differs from the base definition's " + core->type);
    }
  }

  // The element of the same path in the base chain of a profile, or nullptr.
  static const Element* base_element(const StructureDef& sd, const std::string& path) {
    for (const StructureDef* b = sd.base; b != nullptr; b = b->base) {
      const auto it = b->by_path.find(path);
      if (it != b->by_path.end()) return it->second;
    }
    return nullptr;
  }

  void resolve_element(StructureDef& sd, Element& e) {
    const std::string pointer = element_pointer(e);
    if (sd.constraint && e.slice_name.empty()) {
      if (const Element* base = base_element(sd, e.path)) {
        e.base = base;
        if (!e.array_from_base) e.is_array = base->is_array;
        if (e.types.empty() && e.content_reference.empty() && &e != sd.root) e.types = base->types;
      }
    }
    for (Element* slice : e.slices) slice->is_array = e.is_array;
    if (!e.content_reference.empty()) {
      const size_t hash = e.content_reference.find('#');
      const std::string path =
          hash == std::string::npos ? e.content_reference : e.content_reference.substr(hash + 1);
      const auto target = sd.by_path.find(path);
      if (target == sd.by_path.end()) {
        throw_load_error(sd.file, pointer + "/contentReference",
                         "refers to no element of this definition");
      }
      e.content = target->second;
    }
    for (size_t i = 0; i < e.types.size(); ++i)
      resolve_type(sd, e, e.types[i], pointer + "/type/" + std::to_string(i));
    if (!e.value_set.empty()) {
      e.required = defs_.value_sets.resolve(e.value_set);
      if (e.required == nullptr) {
        throw_load_error(
            sd.file, pointer + "/binding/valueSet",
            "required ValueSet " + e.value_set + " is not loaded (" + sd.url + " " + e.id + ")");
      }
    }
  }

  void resolve_type(const StructureDef& sd, const Element& e, TypeRef& t,
                    const std::string& pointer) {
    if (t.sd != nullptr || t.primitive != Primitive::kNone || t.any_resource) return;  // copied
    t.primitive = primitive_named(t.code);
    if (t.primitive == Primitive::kNone) {
      if (t.code == "Resource" || t.code == "DomainResource") {
        t.any_resource = true;
      } else if (!is_structural_type(t.code)) {
        if (t.code.find(':') != std::string::npos) {
          t.sd = defs_.structure(t.code);
        } else if (const auto it = defs_.core_by_type.find(t.code);
                   it != defs_.core_by_type.end()) {
          t.sd = it->second;
        }
        if (t.sd == nullptr) {
          throw_load_error(sd.file, pointer + "/code",
                           "type " + t.code + " is not loaded (" + e.id + ")");
        }
      }
    }
    for (const std::string& url : t.profile_urls) {
      if (const StructureDef* profile = defs_.structure(url)) t.profiles.push_back(profile);
    }
    std::vector<std::string> targets;
    for (const std::string& url : t.target_types) {
      const StructureDef* target = defs_.structure(url);
      std::string type = target != nullptr ? target->type : url.substr(url.rfind('/') + 1);
      if (type == "Resource") return void(t.target_types.clear());
      targets.push_back(std::move(type));
    }
    t.target_types = std::move(targets);
  }

  Definitions& defs_;
};

std::unique_ptr<Definitions> Definitions::load(const std::string& dir) {
  auto defs = std::make_unique<Definitions>();
  for (const std::string& file : definition_files(dir)) {
    auto doc = std::make_unique<rapidjson::Document>();
    const std::string text = read_file(file);
    doc->Parse(text.data(), text.size());
    if (doc->HasParseError()) {
      throw_load_error(file, "",
                       std::string("not JSON: ") +
                           rapidjson::GetParseError_En(doc->GetParseError()) + " at byte " +
                           std::to_string(doc->GetErrorOffset()));
    }
    const std::string_view type = string_member(*doc, "resourceType");
    if (type == "StructureDefinition") {
      StructureDef& sd = defs->structures.emplace_back();
      sd.file = file;
      sd.json = doc.get();
      read_header(sd);
      if (!defs->by_url.emplace(sd.url, &sd).second) {
        throw_load_error(file, "/url", "StructureDefinition " + sd.url + " is defined twice");
      }
      if (sd.kind != "primitive-type") read_snapshot(sd);  // primitives are built in
    } else if (type == "ValueSet") {
      defs->value_sets.add_value_set(file, *doc);
    } else if (type == "CodeSystem") {
      defs->value_sets.add_code_system(file, *doc);
    } else {
      continue;
    }
    defs->documents.push_back(std::move(doc));
  }
  DefinitionsLinker(*defs).link();
  return defs;
}

}  // namespace titrate::validation::detail
