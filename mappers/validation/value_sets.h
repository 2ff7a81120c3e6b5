#pragma once

#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/validation/string_set.h"

// ValueSets resolved to the codes they contain, for required bindings.
namespace titrate::validation::detail {

struct CodeSet {
  StringMap<StringSet> by_system;  // system -> its codes in the set
  StringSet codes;                 // every code, whatever its system
  StringSet open_systems;          // any code of these systems (not loaded, or filtered)

  // A Coding: (system, code).
  bool contains(std::string_view system, std::string_view code) const;
  // A `code` element: the code from any system of the set.
  bool contains_code(std::string_view code) const;
};

// The ValueSets and CodeSystems read from the definition files; a ValueSet is resolved the first
// time a binding asks for it (imports, whole systems and excludes), then kept.
class ValueSetLibrary {
 public:
  // `json` lives as long as the library's owner keeps the document. Throws ProfileLoadError on a
  // url defined twice or a malformed resource.
  void add_value_set(const std::string& file, const rapidjson::Value& json);
  void add_code_system(const std::string& file, const rapidjson::Value& json);

  // nullptr when no ValueSet with that canonical (a "|version" suffix is ignored) is loaded.
  // Throws ProfileLoadError when its definition cannot be resolved (an import cycle, a missing
  // import).
  const CodeSet* resolve(std::string_view canonical);

 private:
  struct Source {
    std::string file;
    const rapidjson::Value* json;
  };
  struct System {
    bool complete = false;
    StringSet codes;
  };
  void add_include(const Source& vs, const rapidjson::Value& include, const std::string& pointer,
                   CodeSet& out);
  void remove_exclude(const Source& vs, const rapidjson::Value& exclude, const std::string& pointer,
                      CodeSet& out);

  StringMap<Source> value_sets_;
  StringMap<System> code_systems_;
  StringMap<std::unique_ptr<CodeSet>> resolved_;
  StringSet resolving_;
};

// "url|version" -> "url".
std::string_view strip_version(std::string_view canonical);

}  // namespace titrate::validation::detail
