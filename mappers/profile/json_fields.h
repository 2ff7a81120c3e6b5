#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/profile/mapping_profile.h"

// Located reading of a profile's JSON that collects every mistake instead of stopping at the
// first. Pointers are RFC 6901 JSON pointers ("/code_maps/units/MG~1HR").
namespace titrate::profile::json {

// The key every object may carry for humans; its value is ignored.
inline constexpr std::string_view kCommentKey = "_comment";

std::string pointer_append(std::string_view pointer, std::string_view key);
std::string pointer_append(std::string_view pointer, size_t index);
std::string_view view(const rapidjson::Value& string_value);
// A short quoted rendering of a text for messages: "\"Mars/Base\"" (at most 80 characters).
std::string quoted(std::string_view text);

class Errors {
 public:
  explicit Errors(std::string_view file) : file_(file) {}
  void add(std::string pointer, std::string expected);
  bool empty() const { return errors_.empty(); }
  std::vector<ProfileError> take() { return std::move(errors_); }

 private:
  std::string file_;
  std::vector<ProfileError> errors_;
};

// One JSON object with a fixed set of keys: members are taken by key, and finish() reports
// every key nobody took (except "_comment") and every key written twice. A value that is not an
// object yields nothing (the caller reports it with expect_object).
class ObjectFields {
 public:
  ObjectFields(const rapidjson::Value& object, std::string pointer, Errors& errors);
  const rapidjson::Value* take(std::string_view key);
  std::string pointer(std::string_view key) const { return pointer_append(pointer_, key); }
  const std::string& pointer() const { return pointer_; }
  Errors& errors() const { return errors_; }
  void finish();

 private:
  const rapidjson::Value& object_;
  std::string pointer_;
  Errors& errors_;
  std::vector<std::string_view> taken_;
};

// Checks that a value is an object (reporting it if not); true when it is.
bool expect_object(const rapidjson::Value& value, const std::string& pointer, Errors& errors);
bool expect_array(const rapidjson::Value& value, const std::string& pointer, Errors& errors);

// The members of an object used as a table (keys are data): calls visit(key, value, pointer)
// for each, skipping "_comment" and reporting duplicate keys (compared exactly, or ignoring
// ASCII case when keys_ignore_case).
template <typename Visit>
void each_entry(const rapidjson::Value& object, const std::string& pointer, Errors& errors,
                bool keys_ignore_case, Visit visit);

// A string member; reports a wrong type, and an empty string when non_empty.
std::optional<std::string> string_value(const rapidjson::Value& value, const std::string& pointer,
                                        Errors& errors, bool non_empty = true);
// Same for an optional member taken from `fields` (nullopt when absent, without an error).
std::optional<std::string> optional_string(ObjectFields& fields, std::string_view key,
                                           bool non_empty = true);
// A member that must be present.
std::optional<std::string> required_string(ObjectFields& fields, std::string_view key);

// Implementation of each_entry.
bool is_duplicate_key(const rapidjson::Value& object, rapidjson::Value::ConstMemberIterator it,
                      bool keys_ignore_case);

template <typename Visit>
void each_entry(const rapidjson::Value& object, const std::string& pointer, Errors& errors,
                bool keys_ignore_case, Visit visit) {
  if (!expect_object(object, pointer, errors)) return;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    const std::string_view key = view(it->name);
    if (key == kCommentKey) continue;
    const std::string member_pointer = pointer_append(pointer, key);
    if (is_duplicate_key(object, it, keys_ignore_case)) {
      errors.add(member_pointer, keys_ignore_case
                                     ? "duplicate key (keys are compared ignoring case)"
                                     : "duplicate key");
      continue;
    }
    visit(key, it->value, member_pointer);
  }
}

}  // namespace titrate::profile::json
