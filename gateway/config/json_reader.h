#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gateway/config/config_error.h"

namespace titrate::config {

// Reads one JSON object of a config file, tracking the keys it consumed so that a misspelt
// key is reported instead of silently ignored. Every error names the file and JSON pointer.
class JsonObjectReader {
 public:
  JsonObjectReader(const std::string& file, std::string pointer, const rapidjson::Value& value);

  std::optional<std::string> string(const char* key);
  std::string string_or(const char* key, std::string fallback);
  std::string required_string(const char* key);
  std::optional<int64_t> integer(const char* key, int64_t min, int64_t max);
  int64_t integer_or(const char* key, int64_t fallback, int64_t min, int64_t max);
  bool boolean_or(const char* key, bool fallback);
  std::vector<std::string> string_list(const char* key);
  std::optional<JsonObjectReader> object(const char* key);
  // Calls visit(reader) for every element of an array of objects.
  template <typename Visit>
  void each_object(const char* key, Visit visit) {
    const rapidjson::Value* array = member(key);
    if (!array) return;
    if (!array->IsArray()) fail(key, "expected an array");
    for (rapidjson::SizeType i = 0; i < array->Size(); ++i) {
      JsonObjectReader element(file_, pointer_ + "/" + key + "/" + std::to_string(i), (*array)[i]);
      visit(element);
      element.reject_unknown_keys();
    }
  }
  // Every member of an object whose keys are data (a map), all marked as consumed.
  std::vector<std::pair<std::string, const rapidjson::Value*>> members();
  // Throws for any key that none of the calls above consumed.
  void reject_unknown_keys() const;
  [[noreturn]] void fail(const char* key, const std::string& expected) const;
  const std::string& pointer() const { return pointer_; }
  const std::string& file() const { return file_; }

 private:
  const rapidjson::Value* member(const char* key);

  std::string file_;
  std::string pointer_;
  const rapidjson::Value& value_;
  std::set<std::string> consumed_;
};

// Parses a whole file into document; a syntax error is reported with its byte offset.
void parse_json_file(const std::string& path, rapidjson::Document& document);

}  // namespace titrate::config
