#pragma once

#include <rapidjson/document.h>

#include <string_view>

// Small readers over RapidJSON values that never throw or assert on a wrong type.
namespace titrate::validation::detail {

inline std::string_view name_of(const rapidjson::Value& name) {
  return std::string_view(name.GetString(), name.GetStringLength());
}

// The member `name` of an object, or nullptr (also when `object` is not an object).
inline const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  for (const auto& m : object.GetObject()) {
    if (name_of(m.name) == name) return &m.value;
  }
  return nullptr;
}

inline bool has_member(const rapidjson::Value& object, std::string_view name) {
  return member(object, name) != nullptr;
}

// The string member `name`, or empty when absent or not a string.
inline std::string_view string_member(const rapidjson::Value& object, std::string_view name) {
  const rapidjson::Value* v = member(object, name);
  return v != nullptr && v->IsString() ? std::string_view(v->GetString(), v->GetStringLength())
                                       : std::string_view();
}

}  // namespace titrate::validation::detail
