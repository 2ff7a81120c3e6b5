#include "gateway/config/json_reader.h"

#include <rapidjson/error/en.h>

#include "gateway/config/read_file.h"

namespace titrate::config {

JsonObjectReader::JsonObjectReader(const std::string& file, std::string pointer,
                                   const rapidjson::Value& value)
    : file_(file), pointer_(std::move(pointer)), value_(value) {
  if (!value_.IsObject()) throw ConfigError(file_, pointer_, "expected an object");
}

const rapidjson::Value* JsonObjectReader::member(const char* key) {
  consumed_.insert(key);
  auto it = value_.FindMember(key);
  if (it == value_.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

void JsonObjectReader::fail(const char* key, const std::string& expected) const {
  throw ConfigError(file_, pointer_ + "/" + key, expected);
}

std::optional<std::string> JsonObjectReader::string(const char* key) {
  const rapidjson::Value* v = member(key);
  if (!v) return std::nullopt;
  if (!v->IsString()) fail(key, "expected a string");
  return std::string(v->GetString(), v->GetStringLength());
}

std::string JsonObjectReader::string_or(const char* key, std::string fallback) {
  auto v = string(key);
  return v ? *v : std::move(fallback);
}

std::string JsonObjectReader::required_string(const char* key) {
  auto v = string(key);
  if (!v || v->empty()) fail(key, "required: expected a non-empty string");
  return *v;
}

std::optional<int64_t> JsonObjectReader::integer(const char* key, int64_t min, int64_t max) {
  const rapidjson::Value* v = member(key);
  if (!v) return std::nullopt;
  if (!v->IsInt64() || v->GetInt64() < min || v->GetInt64() > max) {
    fail(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return v->GetInt64();
}

int64_t JsonObjectReader::integer_or(const char* key, int64_t fallback, int64_t min, int64_t max) {
  auto v = integer(key, min, max);
  return v ? *v : fallback;
}

bool JsonObjectReader::boolean_or(const char* key, bool fallback) {
  const rapidjson::Value* v = member(key);
  if (!v) return fallback;
  if (!v->IsBool()) fail(key, "expected true or false");
  return v->GetBool();
}

std::vector<std::string> JsonObjectReader::string_list(const char* key) {
  std::vector<std::string> out;
  const rapidjson::Value* v = member(key);
  if (!v) return out;
  if (!v->IsArray()) fail(key, "expected an array of strings");
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    if (!(*v)[i].IsString()) {
      throw ConfigError(file_, pointer_ + "/" + key + "/" + std::to_string(i), "expected a string");
    }
    out.emplace_back((*v)[i].GetString(), (*v)[i].GetStringLength());
  }
  return out;
}

std::optional<JsonObjectReader> JsonObjectReader::object(const char* key) {
  const rapidjson::Value* v = member(key);
  if (!v) return std::nullopt;
  return JsonObjectReader(file_, pointer_ + "/" + key, *v);
}

std::vector<std::pair<std::string, const rapidjson::Value*>> JsonObjectReader::members() {
  std::vector<std::pair<std::string, const rapidjson::Value*>> out;
  for (auto it = value_.MemberBegin(); it != value_.MemberEnd(); ++it) {
    std::string key(it->name.GetString(), it->name.GetStringLength());
    consumed_.insert(key);
    out.emplace_back(std::move(key), &it->value);
  }
  return out;
}

void JsonObjectReader::reject_unknown_keys() const {
  for (auto it = value_.MemberBegin(); it != value_.MemberEnd(); ++it) {
    std::string key(it->name.GetString(), it->name.GetStringLength());
    if (!consumed_.count(key)) throw ConfigError(file_, pointer_ + "/" + key, "unknown key");
  }
}

void parse_json_file(const std::string& path, rapidjson::Document& document) {
  const std::optional<std::string> bytes = read_file(path);
  if (!bytes) throw ConfigError(path, "", "cannot open the file");
  const std::string& text = *bytes;
  // Iterative parsing: deeply nested input must not overflow the stack.
  document.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseCommentsFlag>(text.c_str(),
                                                                                 text.size());
  if (document.HasParseError()) {
    throw ConfigError(path, "",
                      std::string("invalid JSON at byte ") +
                          std::to_string(document.GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(document.GetParseError()));
  }
}

}  // namespace titrate::config
