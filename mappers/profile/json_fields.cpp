#include "mappers/profile/json_fields.h"

#include <algorithm>

#include "mappers/profile/text.h"

namespace titrate::profile::json {

std::string pointer_append(std::string_view pointer, std::string_view key) {
  std::string out(pointer);
  out.reserve(out.size() + key.size() + 1);
  out.push_back('/');
  for (char c : key) {
    if (c == '~') {
      out.append("~0");
    } else if (c == '/') {
      out.append("~1");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string pointer_append(std::string_view pointer, size_t index) {
  return std::string(pointer) + "/" + std::to_string(index);
}

std::string_view view(const rapidjson::Value& string_value) {
  return {string_value.GetString(), string_value.GetStringLength()};
}

std::string quoted(std::string_view text) {
  constexpr size_t kMax = 80;
  std::string out = "\"";
  for (char c : text.substr(0, kMax)) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out.push_back('?');
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  if (text.size() > kMax) out.append("...");
  return out;
}

void Errors::add(std::string pointer, std::string expected) {
  errors_.push_back(ProfileError{file_, std::move(pointer), std::move(expected)});
}

ObjectFields::ObjectFields(const rapidjson::Value& object, std::string pointer, Errors& errors)
    : object_(object), pointer_(std::move(pointer)), errors_(errors) {}

const rapidjson::Value* ObjectFields::take(std::string_view key) {
  taken_.push_back(key);
  if (!object_.IsObject()) return nullptr;
  for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
    if (view(it->name) == key) return &it->value;
  }
  return nullptr;
}

void ObjectFields::finish() {
  if (!object_.IsObject()) return;
  std::string known;
  for (std::string_view key : taken_) {
    if (!known.empty()) known.append(", ");
    known.append(key);
  }
  for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
    const std::string_view key = view(it->name);
    if (key == kCommentKey) continue;
    if (is_duplicate_key(object_, it, false)) {
      errors_.add(pointer(key), "duplicate key");
    } else if (std::find(taken_.begin(), taken_.end(), key) == taken_.end()) {
      errors_.add(pointer(key), "unknown key; expected one of " + known + " (or _comment)");
    }
  }
}

bool expect_object(const rapidjson::Value& value, const std::string& pointer, Errors& errors) {
  if (value.IsObject()) return true;
  errors.add(pointer, "expected an object");
  return false;
}

bool expect_array(const rapidjson::Value& value, const std::string& pointer, Errors& errors) {
  if (value.IsArray()) return true;
  errors.add(pointer, "expected an array");
  return false;
}

bool is_duplicate_key(const rapidjson::Value& object, rapidjson::Value::ConstMemberIterator it,
                      bool keys_ignore_case) {
  const std::string_view key = view(it->name);
  for (auto earlier = object.MemberBegin(); earlier != it; ++earlier) {
    const std::string_view other = view(earlier->name);
    if (keys_ignore_case ? equals_ignore_case(other, key) : other == key) return true;
  }
  return false;
}

std::optional<std::string> string_value(const rapidjson::Value& value, const std::string& pointer,
                                        Errors& errors, bool non_empty) {
  if (!value.IsString()) {
    errors.add(pointer, non_empty ? "expected a non-empty string" : "expected a string");
    return std::nullopt;
  }
  if (non_empty && value.GetStringLength() == 0) {
    errors.add(pointer, "expected a non-empty string");
    return std::nullopt;
  }
  return std::string(view(value));
}

std::optional<std::string> optional_string(ObjectFields& fields, std::string_view key,
                                           bool non_empty) {
  const rapidjson::Value* value = fields.take(key);
  if (!value) return std::nullopt;
  return string_value(*value, fields.pointer(key), fields.errors(), non_empty);
}

std::optional<std::string> required_string(ObjectFields& fields, std::string_view key) {
  const rapidjson::Value* value = fields.take(key);
  if (!value) {
    fields.errors().add(fields.pointer(key), "required: expected a non-empty string");
    return std::nullopt;
  }
  return string_value(*value, fields.pointer(key), fields.errors(), true);
}

}  // namespace titrate::profile::json
