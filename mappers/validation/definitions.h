#pragma once

#include <rapidjson/document.h>

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/validation/string_set.h"
#include "mappers/validation/structure_definitions.h"
#include "mappers/validation/value_sets.h"

// Everything loaded from a definitions folder, compiled and cross-linked: StructureDefinitions by
// url and (specializations) by type, ValueSets resolved for required bindings.
namespace titrate::validation::detail {

struct Definitions {
  std::vector<std::unique_ptr<rapidjson::Document>> documents;  // own every json pointer below
  std::deque<StructureDef> structures;
  StringMap<const StructureDef*> by_url;
  StringMap<const StructureDef*> core_by_type;  // specializations: "Observation", "Quantity"
  ValueSetLibrary value_sets;
  const StructureDef* extension = nullptr;  // the core Extension definition
  // Elements every complex element has without listing them.
  Element implicit_id;
  Element implicit_extension;
  Element implicit_modifier_extension;

  // Reads and compiles every *.json under `dir`. Throws ProfileLoadError.
  static std::unique_ptr<Definitions> load(const std::string& dir);

  const StructureDef* structure(std::string_view url) const;
  const StructureDef* core_resource(std::string_view type) const;
};

}  // namespace titrate::validation::detail
