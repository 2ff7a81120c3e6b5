#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mappers/validation/primitive_rules.h"
#include "mappers/validation/string_set.h"

// StructureDefinition snapshots compiled into element trees: each element knows its children by
// JSON property name (choice variants expanded: "valueQuantity"), its slices, its resolved types,
// fixed/pattern values and required ValueSet, so validation never searches strings by path.
namespace titrate::validation::detail {

struct CodeSet;
struct Element;
struct StructureDef;

constexpr uint32_t kUnbounded = UINT32_MAX;

struct TypeRef {
  std::string code;    // as written: "Quantity", "dateTime", "http://hl7.org/fhirpath/..."
  std::string suffix;  // the choice-variant suffix: "Quantity", "DateTime"
  Primitive primitive = Primitive::kNone;
  bool any_resource = false;                  // Resource / DomainResource: by resourceType
  const StructureDef* sd = nullptr;           // the complex type's definition
  std::vector<std::string> profile_urls;      // type[].profile (extension urls, SimpleQuantity)
  std::vector<const StructureDef*> profiles;  // those of them that are loaded
  std::vector<std::string> target_types;      // Reference targets ("Patient"); empty = any
};

struct Discriminator {
  std::string type;  // value | pattern | exists | type | profile
  std::string path;  // "$this", "url", "coding", "coding.system"
};

// A JSON property name resolved to its element; `type_index` picks the variant of a choice.
struct ChildRef {
  const Element* element = nullptr;
  int type_index = -1;
};

struct Element {
  std::string id;
  std::string path;
  std::string name;  // the JSON property, without [x]
  std::string slice_name;
  const StructureDef* owner = nullptr;
  size_t snapshot_index = 0;
  bool choice = false;
  uint32_t min = 0;
  uint32_t max = 1;
  bool is_array = false;         // JSON array (from the base definition's max)
  bool array_from_base = false;  // is_array came from the element's own base.max
  bool backbone = false;         // an object that may carry modifierExtension
  std::vector<TypeRef> types;
  std::string content_reference;
  const Element* content = nullptr;  // the contentReference target
  const Element* base = nullptr;     // profiles: the same path in the base definition
  const rapidjson::Value* fixed = nullptr;
  const rapidjson::Value* pattern = nullptr;
  std::string value_set;              // a required binding's canonical
  const CodeSet* required = nullptr;  // its codes

  // Slicing, on the sliced element.
  bool sliced = false;
  bool closed = false;
  std::vector<Discriminator> discriminators;
  std::vector<Element*> slices;

  std::vector<Element*> children;
  // Constraints for one variant of a choice ("Observation.valueQuantity" or
  // "Observation.value[x]:valueQuantity"), by type suffix.
  std::vector<std::pair<std::string, Element*>> type_nodes;
  // Children by JSON name, sorted; required_children those with min > 0.
  std::vector<std::pair<std::string, ChildRef>> index;
  std::vector<const Element*> required_children;
  std::vector<const Element*> choice_children;

  // Whether `json_name` is a variant of one of this element's choice children, allowed or not
  // ("valueBoolean" when value[x] allows only string): such a name is not looked up further.
  bool claims_variant(std::string_view json_name) const;

  const ChildRef* find(std::string_view json_name) const;
  const Element* type_node(std::string_view suffix) const;
  std::string describe_cardinality() const;
};

struct StructureDef {
  std::string file;
  std::string url;
  std::string name;
  std::string type;
  std::string kind;  // primitive-type | complex-type | resource | logical
  std::string base_url;
  bool constraint = false;
  bool abstract = false;
  const rapidjson::Value* json = nullptr;
  std::deque<Element> elements;
  Element* root = nullptr;
  const StructureDef* base = nullptr;  // constraints: the definition they constrain
  const StructureDef* core = nullptr;  // the specialization at the bottom of the base chain
  StringMap<const Element*> by_path;   // non-slice elements by path (for profiles' array-ness)

  bool is_resource() const { return kind == "resource"; }
  bool is_extension() const { return type == "Extension"; }
};

// Reads one SD's snapshot into `sd.elements` and links the tree (children, slices, type nodes).
// Types and bindings are resolved later, once every definition is read. Throws ProfileLoadError.
void read_snapshot(StructureDef& sd);

// Fills `e.index` and `e.required_children` from its children (after their types are known).
// Throws ProfileLoadError when two children share a JSON name.
void build_index(Element& e, const std::string& file);

// The choice-variant suffix of a type code: "dateTime" -> "DateTime".
std::string type_suffix(std::string_view code);

}  // namespace titrate::validation::detail
