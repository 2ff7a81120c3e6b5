#include "mappers/inbound/fhir/json_tree.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <utility>

namespace titrate::inbound::fhir {
namespace {

// Builds the tree from SAX events. `open_` holds the containers being filled, innermost last;
// only the innermost one grows, so pointers to its ancestors stay valid.
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  TreeBuilder(size_t max_depth, size_t max_values)
      : max_depth_(max_depth), max_values_(max_values) {}

  bool Null() { return add(JsonValue::Kind::kNull, {}); }
  bool Bool(bool b) { return add(JsonValue::Kind::kBool, b ? "true" : "false"); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    return add(JsonValue::Kind::kNumber, std::string_view(s, n));
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return add(JsonValue::Kind::kString, std::string_view(s, n));
  }
  bool StartObject() { return open(JsonValue::Kind::kObject); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    pending_key_.assign(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(JsonValue::Kind::kArray); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  JsonValue& root() { return root_; }
  bool too_deep() const { return too_deep_; }
  bool too_many() const { return too_many_; }

 private:
  // nullptr past the value budget.
  JsonValue* slot() {
    if (++values_ > max_values_) {
      too_many_ = true;
      return nullptr;
    }
    if (open_.empty()) return &root_;
    JsonValue* parent = open_.back();
    if (parent->kind == JsonValue::Kind::kArray) return &parent->items.emplace_back();
    parent->members.push_back(JsonMember{std::move(pending_key_), {}});
    pending_key_.clear();
    return &parent->members.back().value;
  }
  bool add(JsonValue::Kind kind, std::string_view text) {
    JsonValue* v = slot();
    if (v == nullptr) return false;
    v->kind = kind;
    v->text.assign(text);
    return true;
  }
  bool open(JsonValue::Kind kind) {
    if (open_.size() >= max_depth_) {
      too_deep_ = true;
      return false;
    }
    JsonValue* v = slot();
    if (v == nullptr) return false;
    v->kind = kind;
    open_.push_back(v);
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  size_t max_depth_;
  size_t max_values_;
  size_t values_ = 0;
  bool too_deep_ = false;
  bool too_many_ = false;
  JsonValue root_;
  std::vector<JsonValue*> open_;
  std::string pending_key_;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view name) const {
  for (const JsonMember& m : members) {
    if (m.name == name) return &m.value;
  }
  return nullptr;
}

std::string_view JsonValue::string_at(std::string_view name) const {
  const JsonValue* v = find(name);
  return v != nullptr && v->is_string() ? std::string_view(v->text) : std::string_view();
}

std::string_view describe(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return "a boolean";
    case JsonValue::Kind::kNumber:
      return "a number";
    case JsonValue::Kind::kString:
      return "a string";
    case JsonValue::Kind::kArray:
      return "an array";
    case JsonValue::Kind::kObject:
      return "an object";
  }
  return "a value";
}

JsonParseResult parse_json(std::string_view text, size_t max_bytes, size_t max_depth) {
  JsonParseResult result;
  if (text.size() > max_bytes) {
    result.failure = JsonParseResult::Failure::kTooLarge;
    result.message = "the document is " + std::to_string(text.size()) +
                     " bytes long; the limit is " + std::to_string(max_bytes);
    return result;
  }
  // A tree node takes ~90 bytes: the budget keeps memory near 10x the byte limit whatever the
  // input (a document of "1,1,1,..." would otherwise cost 45x). Real FHIR averages well over
  // 8 bytes per value, so only documents near max_bytes can reach it.
  TreeBuilder builder(max_depth, std::max<size_t>(max_bytes / 8, 1024));
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseValidateEncodingFlag;
  rapidjson::ParseResult ok = reader.Parse<kFlags>(stream, builder);
  if (builder.too_deep()) {
    result.failure = JsonParseResult::Failure::kTooDeep;
    result.message = "arrays and objects nest deeper than " + std::to_string(max_depth) +
                     " levels (at byte " + std::to_string(ok.Offset()) + ")";
    return result;
  }
  if (builder.too_many()) {
    result.failure = JsonParseResult::Failure::kTooLarge;
    result.message = "the document holds more JSON values than its size limit allows";
    return result;
  }
  if (ok.IsError()) {
    result.failure = JsonParseResult::Failure::kSyntax;
    result.message = std::string("invalid JSON at byte ") + std::to_string(ok.Offset()) + ": " +
                     rapidjson::GetParseError_En(ok.Code());
    return result;
  }
  result.root = std::move(builder.root());
  return result;
}

}  // namespace titrate::inbound::fhir
