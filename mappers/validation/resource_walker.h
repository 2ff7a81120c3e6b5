#pragma once

#include <rapidjson/document.h>

#include <array>
#include <string>
#include <vector>

#include "mappers/validation/definitions.h"
#include "mappers/validation/fhir_validator.h"

// One validation pass of a resource against one StructureDefinition (core or profile): walks the
// JSON and the compiled element tree side by side, collecting every issue. Reuses its buffers
// (the pointer and the per-object scratch stacks) across the whole walk.
namespace titrate::validation::detail {

class ResourceWalker {
 public:
  ResourceWalker(const Definitions& defs, std::vector<ValidationIssue>& errors)
      : defs_(defs), errors_(errors) {}

  // The resource at pointer "" against `sd` (a resource definition or a profile of one).
  void validate(const rapidjson::Value& resource, const StructureDef& sd);

 private:
  // Where an object's properties are looked up, first layer first: a choice variant's
  // constraints, the element (or slice), the sliced element, a contentReference target, the same
  // elements in a profile's base definition (what an incomplete snapshot leaves out), the type's
  // profile, the type's definition. Implicit id/extension/modifierExtension last.
  struct Scope {
    std::array<const Element*, 10> layers{};
    size_t count = 0;
    bool modifier_extension = false;
    bool resource = false;  // its resourceType property is not an element
    void add(const Element* e);
  };
  struct Entry {
    std::string_view name;
    const rapidjson::Value* value = nullptr;
    const Element* element = nullptr;  // nullptr: unknown (kept for duplicate detection)
    int type_index = -1;
    bool underscore = false;
    bool done = false;
  };

  ChildRef find(const Scope& scope, std::string_view name) const;
  void check_object(const rapidjson::Value& object, const Scope& scope);
  void check_member(const Entry* value, const Entry* extension);
  void check_count(const Element& el, size_t count);
  void check_items(const rapidjson::Value& array, const Element& el, int type_index,
                   const rapidjson::Value* extensions);
  void check_item(const rapidjson::Value& value, const Element& el, int type_index,
                  const Element* slice);
  void check_resource(const rapidjson::Value& value);
  void check_primitive_extension(const rapidjson::Value& extension, const Element& el,
                                 const rapidjson::Value* values);
  void check_fixed(const rapidjson::Value& value, const Element* def);
  void check_code_binding(const rapidjson::Value& value, const Element& bound);
  void check_concept_binding(const rapidjson::Value& value, const Element& bound);
  void check_reference(const rapidjson::Value& value, const TypeRef& type);
  template <typename Allowed, typename List>
  void check_contained_reference(std::string_view id, const Allowed& allowed,
                                 const List& allowed_list);
  void report_missing(const Element& required);
  const Element* match_slice(const rapidjson::Value& item, const Element& el) const;
  bool in_slice(const rapidjson::Value& item, const Element& slice, const Element& el) const;

  void error(std::string message) { errors_.push_back({ptr_, std::move(message)}); }
  void error_at(std::string_view token, std::string message);
  void push(std::string_view token);
  void push(size_t index);

  const Definitions& defs_;
  std::vector<ValidationIssue>& errors_;
  const rapidjson::Value* root_ = nullptr;  // the resource whose contained '#id's refer to
  std::string ptr_;
  std::vector<Entry> entries_;
  std::vector<const Element*> slice_of_;
  int depth_ = 0;
};

}  // namespace titrate::validation::detail
