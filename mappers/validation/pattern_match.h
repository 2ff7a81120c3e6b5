#pragma once

#include <rapidjson/document.h>

// fixed[x] and pattern[x] semantics of StructureDefinition elements.
namespace titrate::validation::detail {

// fixed: the same JSON (object member order ignored, numbers compared by value).
inline bool matches_fixed(const rapidjson::Value& value, const rapidjson::Value& fixed) {
  return value == fixed;
}

// pattern: every property the pattern has is present with a matching value; each item of a
// pattern array matches some item of the value's array; primitives are equal.
inline bool matches_pattern(const rapidjson::Value& value, const rapidjson::Value& pattern) {
  if (pattern.IsObject()) {
    if (!value.IsObject()) return false;
    for (const auto& p : pattern.GetObject()) {
      const auto it = value.FindMember(p.name);
      if (it == value.MemberEnd() || !matches_pattern(it->value, p.value)) return false;
    }
    return true;
  }
  if (pattern.IsArray()) {
    if (!value.IsArray()) return false;
    for (const rapidjson::Value& p : pattern.GetArray()) {
      bool found = false;
      for (const rapidjson::Value& item : value.GetArray()) {
        if (matches_pattern(item, p)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  return value == pattern;
}

}  // namespace titrate::validation::detail
