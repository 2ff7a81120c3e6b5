#include "mappers/validation/value_sets.h"

#include "mappers/validation/json_access.h"
#include "mappers/validation/load_error.h"

namespace titrate::validation::detail {
namespace {

void add_code(CodeSet& set, std::string_view system, std::string_view code) {
  auto it = set.by_system.find(system);
  if (it == set.by_system.end()) it = set.by_system.emplace(std::string(system), StringSet{}).first;
  it->second.emplace(code);
}

void merge_into(CodeSet& out, const CodeSet& in) {
  for (const auto& [system, codes] : in.by_system) {
    for (const std::string& code : codes) add_code(out, system, code);
  }
  for (const std::string& system : in.open_systems) out.open_systems.insert(system);
}

// The codes in both sets; a system open in one set keeps the other's codes of that system.
CodeSet intersect(const CodeSet& a, const CodeSet& b) {
  CodeSet out;
  for (const std::string& system : a.open_systems) {
    if (b.open_systems.contains(system)) out.open_systems.insert(system);
  }
  auto keep_listed = [&out](const CodeSet& listed, const CodeSet& other) {
    for (const auto& [system, codes] : listed.by_system) {
      const bool open = other.open_systems.contains(system);
      const auto theirs = other.by_system.find(system);
      for (const std::string& code : codes) {
        if (open || (theirs != other.by_system.end() && theirs->second.contains(code))) {
          add_code(out, system, code);
        }
      }
    }
  };
  keep_listed(a, b);
  keep_listed(b, a);
  return out;
}

void collect_concepts(const rapidjson::Value& concepts, StringSet& out) {
  if (!concepts.IsArray()) return;
  for (const rapidjson::Value& concept_json : concepts.GetArray()) {
    const std::string_view code = string_member(concept_json, "code");
    if (!code.empty()) out.emplace(code);
    if (const rapidjson::Value* nested = member(concept_json, "concept"))
      collect_concepts(*nested, out);
  }
}

void collect_expansion(const rapidjson::Value& contains, CodeSet& out) {
  if (!contains.IsArray()) return;
  for (const rapidjson::Value& entry : contains.GetArray()) {
    const std::string_view code = string_member(entry, "code");
    if (!code.empty()) add_code(out, string_member(entry, "system"), code);
    if (const rapidjson::Value* nested = member(entry, "contains")) collect_expansion(*nested, out);
  }
}

void finish(CodeSet& set) {
  set.codes.clear();
  for (const auto& [system, codes] : set.by_system) {
    for (const std::string& code : codes) set.codes.insert(code);
  }
}

}  // namespace

std::string_view strip_version(std::string_view canonical) {
  const size_t bar = canonical.find('|');
  return bar == std::string_view::npos ? canonical : canonical.substr(0, bar);
}

bool CodeSet::contains(std::string_view system, std::string_view code) const {
  if (open_systems.contains(system)) return true;
  const auto it = by_system.find(system);
  return it != by_system.end() && it->second.contains(code);
}

bool CodeSet::contains_code(std::string_view code) const {
  return !open_systems.empty() || codes.contains(code);
}

void ValueSetLibrary::add_value_set(const std::string& file, const rapidjson::Value& json) {
  const std::string_view url = string_member(json, "url");
  if (url.empty()) throw_load_error(file, "/url", "a ValueSet needs a url");
  if (!value_sets_.emplace(std::string(url), Source{file, &json}).second) {
    throw_load_error(file, "/url", "ValueSet " + std::string(url) + " is defined twice");
  }
}

void ValueSetLibrary::add_code_system(const std::string& file, const rapidjson::Value& json) {
  const std::string_view url = string_member(json, "url");
  if (url.empty()) throw_load_error(file, "/url", "a CodeSystem needs a url");
  System system;
  system.complete = string_member(json, "content") == "complete";
  if (const rapidjson::Value* concepts = member(json, "concept")) {
    collect_concepts(*concepts, system.codes);
  }
  if (!code_systems_.emplace(std::string(url), std::move(system)).second) {
    throw_load_error(file, "/url", "CodeSystem " + std::string(url) + " is defined twice");
  }
}

const CodeSet* ValueSetLibrary::resolve(std::string_view canonical) {
  const std::string_view url = strip_version(canonical);
  if (const auto done = resolved_.find(url); done != resolved_.end()) return done->second.get();
  const auto source = value_sets_.find(url);
  if (source == value_sets_.end()) return nullptr;
  const Source& vs = source->second;
  if (!resolving_.emplace(url).second) {
    throw_load_error(vs.file, "/compose", "ValueSet imports itself (an import cycle)");
  }
  auto set = std::make_unique<CodeSet>();
  if (const rapidjson::Value* compose = member(*vs.json, "compose")) {
    const rapidjson::Value* includes = member(*compose, "include");
    if (includes == nullptr || !includes->IsArray()) {
      throw_load_error(vs.file, "/compose/include", "expected an array of includes");
    }
    for (rapidjson::SizeType i = 0; i < includes->Size(); ++i) {
      add_include(vs, (*includes)[i], "/compose/include/" + std::to_string(i), *set);
    }
    if (const rapidjson::Value* excludes = member(*compose, "exclude");
        excludes != nullptr && excludes->IsArray()) {
      for (rapidjson::SizeType i = 0; i < excludes->Size(); ++i) {
        remove_exclude(vs, (*excludes)[i], "/compose/exclude/" + std::to_string(i), *set);
      }
    }
  } else if (const rapidjson::Value* expansion = member(*vs.json, "expansion")) {
    if (const rapidjson::Value* contains = member(*expansion, "contains")) {
      collect_expansion(*contains, *set);
    }
  } else {
    throw_load_error(vs.file, "", "a ValueSet needs compose or expansion");
  }
  finish(*set);
  resolving_.erase(resolving_.find(url));
  return resolved_.emplace(std::string(url), std::move(set)).first->second.get();
}

void ValueSetLibrary::add_include(const Source& vs, const rapidjson::Value& include,
                                  const std::string& pointer, CodeSet& out) {
  const std::string_view system = string_member(include, "system");
  const rapidjson::Value* concepts = member(include, "concept");
  const rapidjson::Value* imports = member(include, "valueSet");
  if (system.empty() && imports == nullptr) {
    throw_load_error(vs.file, pointer, "an include needs a system or a valueSet");
  }
  std::unique_ptr<CodeSet> part;
  if (!system.empty()) {
    part = std::make_unique<CodeSet>();
    if (concepts != nullptr && concepts->IsArray()) {
      for (const rapidjson::Value& concept_json : concepts->GetArray()) {
        const std::string_view code = string_member(concept_json, "code");
        if (code.empty())
          throw_load_error(vs.file, pointer + "/concept_json", "a concept_json needs a code");
        add_code(*part, system, code);
      }
    } else {
      const auto known = code_systems_.find(system);
      // A filter cannot be evaluated here: the whole system is accepted rather than rejecting
      // valid codes.
      if (known != code_systems_.end() && known->second.complete &&
          !has_member(include, "filter")) {
        for (const std::string& code : known->second.codes) add_code(*part, system, code);
      } else {
        part->open_systems.emplace(system);
      }
    }
  }
  if (imports != nullptr) {
    if (!imports->IsArray()) throw_load_error(vs.file, pointer + "/valueSet", "expected an array");
    for (rapidjson::SizeType i = 0; i < imports->Size(); ++i) {
      const rapidjson::Value& import = (*imports)[i];
      const CodeSet* imported =
          import.IsString()
              ? resolve(std::string_view(import.GetString(), import.GetStringLength()))
              : nullptr;
      if (imported == nullptr) {
        throw_load_error(vs.file, pointer + "/valueSet/" + std::to_string(i),
                         "imported ValueSet is not loaded");
      }
      if (part == nullptr) {
        part = std::make_unique<CodeSet>();
        merge_into(*part, *imported);
      } else {
        *part = intersect(*part, *imported);
      }
    }
  }
  merge_into(out, *part);
}

void ValueSetLibrary::remove_exclude(const Source& vs, const rapidjson::Value& exclude,
                                     const std::string& pointer, CodeSet& out) {
  const std::string_view system = string_member(exclude, "system");
  const rapidjson::Value* concepts = member(exclude, "concept");
  if (!system.empty()) {
    if (concepts != nullptr && concepts->IsArray()) {
      const auto it = out.by_system.find(system);
      for (const rapidjson::Value& concept_json : concepts->GetArray()) {
        if (it != out.by_system.end()) {
          const auto code = it->second.find(string_member(concept_json, "code"));
          if (code != it->second.end()) it->second.erase(code);
        }
      }
    } else {
      if (const auto it = out.by_system.find(system); it != out.by_system.end()) {
        out.by_system.erase(it);
      }
      if (const auto it = out.open_systems.find(system); it != out.open_systems.end()) {
        out.open_systems.erase(it);
      }
    }
  }
  if (const rapidjson::Value* imports = member(exclude, "valueSet");
      imports != nullptr && imports->IsArray()) {
    for (const rapidjson::Value& import : imports->GetArray()) {
      const CodeSet* excluded =
          import.IsString()
              ? resolve(std::string_view(import.GetString(), import.GetStringLength()))
              : nullptr;
      if (excluded == nullptr) {
        throw_load_error(vs.file, pointer + "/valueSet", "excluded ValueSet is not loaded");
      }
      for (const auto& [sys, codes] : excluded->by_system) {
        const auto it = out.by_system.find(sys);
        if (it == out.by_system.end()) continue;
        for (const std::string& code : codes) {
          if (const auto c = it->second.find(code); c != it->second.end()) it->second.erase(c);
        }
      }
    }
  }
}

}  // namespace titrate::validation::detail
