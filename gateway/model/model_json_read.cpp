#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <charconv>
#include <type_traits>
#include <vector>

#include "gateway/model/json_text.h"
#include "gateway/model/model_fields.h"
#include "gateway/model/model_json.h"

namespace titrate::model {
namespace {

constexpr int64_t kMaxMantissa = 999'999'999'999'999'999;
constexpr int64_t kMaxScale = 18;

struct Member;

// The parsed document. Numbers keep their text so that decimals stay exact.
struct Node {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  std::string text;  // number or string
  std::vector<Node> items;
  std::vector<Member> members;
};

struct Member {
  std::string key;
  Node value;
};

using json_text::append_pointer_token;

Node leaf(Node::Type type, std::string text = {}) {
  Node node;
  node.type = type;
  node.text = std::move(text);
  return node;
}

// Builds the Node tree from the reader's events and stops below kModelJsonMaxDepth, so
// neither building nor destroying the tree can exhaust the stack.
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  bool Null() { return add(Node{}); }
  bool Bool(bool b) {
    Node node = leaf(Node::Type::kBool);
    node.boolean = b;
    return add(std::move(node));
  }
  bool RawNumber(const char* s, rapidjson::SizeType length, bool) {
    return add(leaf(Node::Type::kNumber, std::string(s, length)));
  }
  bool String(const char* s, rapidjson::SizeType length, bool) {
    return add(leaf(Node::Type::kString, std::string(s, length)));
  }
  bool Key(const char* s, rapidjson::SizeType length, bool) {
    stack_.back().key.assign(s, length);
    return true;
  }
  bool StartObject() { return open(Node::Type::kObject); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(Node::Type::kArray); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool too_deep() const { return too_deep_; }
  Node& root() { return root_; }

  // Where the parser is: the pointer of the value being read.
  std::string pointer() const {
    std::string pointer;
    for (const Frame& frame : stack_) {
      if (frame.node.type == Node::Type::kObject) {
        append_pointer_token(pointer, frame.key);
      } else {
        append_pointer_token(pointer, std::to_string(frame.node.items.size()));
      }
    }
    return pointer;
  }

 private:
  struct Frame {
    Node node;
    std::string key;  // of the member being read
  };

  bool open(Node::Type type) {
    if (stack_.size() >= static_cast<size_t>(kModelJsonMaxDepth)) {
      too_deep_ = true;
      return false;
    }
    stack_.emplace_back().node.type = type;
    return true;
  }
  bool close() {
    Node node = std::move(stack_.back().node);
    stack_.pop_back();
    return add(std::move(node));
  }
  bool add(Node node) {
    if (stack_.empty()) {
      root_ = std::move(node);
    } else if (Frame& top = stack_.back(); top.node.type == Node::Type::kObject) {
      top.node.members.push_back(Member{top.key, std::move(node)});
    } else {
      top.node.items.push_back(std::move(node));
    }
    return true;
  }

  std::vector<Frame> stack_;
  Node root_;
  bool too_deep_ = false;
};

void set_error(ModelJsonError* error, std::string pointer, std::string message) {
  if (error != nullptr) *error = ModelJsonError{std::move(pointer), std::move(message)};
}

bool parse_tree(std::string_view json, Node& root, ModelJsonError* error) {
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseValidateEncodingFlag;
  rapidjson::MemoryStream stream(json.data(), json.size());
  TreeBuilder builder;
  rapidjson::Reader reader;
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);
  if (builder.too_deep()) {
    set_error(error, builder.pointer(),
              "nesting deeper than " + std::to_string(kModelJsonMaxDepth) + " levels");
    return false;
  }
  if (result.IsError()) {
    set_error(error, builder.pointer(),
              "invalid JSON at offset " + std::to_string(result.Offset()) + ": " +
                  rapidjson::GetParseError_En(result.Code()));
    return false;
  }
  // The stream reads a NUL byte as the end of input.
  if (stream.Tell() != json.size()) {
    set_error(error, "", "invalid JSON at offset " + std::to_string(stream.Tell()) + ": NUL byte");
    return false;
  }
  root = std::move(builder.root());
  return true;
}

// A JSON number as an exact Decimal; an exponent is applied to the scale ("1.5e2" -> 150).
std::optional<Decimal> json_decimal(std::string_view text) {
  const size_t e = text.find_first_of("eE");
  std::optional<Decimal> d = Decimal::parse(text.substr(0, e));
  if (!d || e == std::string_view::npos) return d;
  std::string_view exponent_text = text.substr(e + 1);
  if (!exponent_text.empty() && exponent_text.front() == '+') exponent_text.remove_prefix(1);
  int exponent = 0;
  const char* end = exponent_text.data() + exponent_text.size();
  if (std::from_chars(exponent_text.data(), end, exponent).ptr != end) return std::nullopt;
  int64_t scale = int64_t{d->scale} - exponent;
  int64_t mantissa = d->mantissa;
  if (mantissa == 0)
    return Decimal{0, static_cast<int32_t>(std::clamp<int64_t>(scale, 0, kMaxScale))};
  for (; scale < 0; ++scale) {
    if (mantissa > kMaxMantissa / 10 || mantissa < -kMaxMantissa / 10) return std::nullopt;
    mantissa *= 10;
  }
  if (scale > kMaxScale) return std::nullopt;
  return Decimal{mantissa, static_cast<int32_t>(scale)};
}

class Decoder {
 public:
  explicit Decoder(ModelJsonError* error) : error_(error) {}

  template <class T>
  bool document(const Node& root, T& out) {
    if (root.type != Node::Type::kObject) return fail("expected an object");
    return schema(root) && members(root, out);
  }

 private:
  bool fail(std::string message) {
    set_error(error_, pointer_, std::move(message));
    return false;
  }

  // Reads `node` one level down, at `token`, keeping the pointer for error messages.
  template <class T>
  bool at(std::string_view token, const Node& node, T& out) {
    const size_t length = pointer_.size();
    append_pointer_token(pointer_, token);
    const bool ok = value(node, out);
    pointer_.resize(length);
    return ok;
  }

  // The member `name`, or null when absent or JSON null. Duplicate keys are ambiguous.
  bool find(const Node& object, std::string_view name, const Node*& found) {
    found = nullptr;
    for (const Member& member : object.members) {
      if (member.key != name) continue;
      if (found != nullptr) {
        const size_t length = pointer_.size();
        append_pointer_token(pointer_, name);
        fail("duplicate key");
        pointer_.resize(length);
        return false;
      }
      found = &member.value;
    }
    if (found != nullptr && found->type == Node::Type::kNull) found = nullptr;
    return true;
  }

  template <class T>
  bool field(const Node& object, std::string_view name, T& out) {
    const Node* node = nullptr;
    if (!find(object, name, node)) return false;
    return node == nullptr || at(name, *node, out);
  }

  bool schema(const Node& root) {
    const Node* node = nullptr;
    if (!find(root, "schema", node)) return false;
    int64_t version = 0;
    const size_t length = pointer_.size();
    append_pointer_token(pointer_, "schema");
    bool ok = node == nullptr ? fail("missing schema version") : value(*node, version);
    if (ok && version > kModelSchemaVersion) {
      ok = fail("schema version " + std::to_string(version) + " is newer than the supported " +
                std::to_string(kModelSchemaVersion));
    } else if (ok && version < 1) {
      ok = fail("invalid schema version");
    }
    pointer_.resize(length);
    return ok;
  }

  bool value(const Node& node, std::string& out) {
    if (node.type != Node::Type::kString) return fail("expected a string");
    out = node.text;
    return true;
  }
  bool value(const Node& node, DateTime& out) { return value(node, out.value); }
  bool value(const Node& node, Decimal& out) {
    if (node.type != Node::Type::kNumber) return fail("expected a number");
    std::optional<Decimal> d = json_decimal(node.text);
    if (!d) return fail("number out of range (at most 18 significant digits and 18 decimals)");
    out = *d;
    return true;
  }
  template <class I>
  requires std::is_integral_v<I>
  bool value(const Node& node, I& out) {
    if (node.type != Node::Type::kNumber) return fail("expected an integer");
    const char* end = node.text.data() + node.text.size();
    auto [ptr, ec] = std::from_chars(node.text.data(), end, out);
    if (ec == std::errc::result_out_of_range) return fail("integer out of range");
    if (ec != std::errc() || ptr != end) return fail("expected an integer");
    return true;
  }
  template <class E>
  requires std::is_enum_v<E>
  bool value(const Node& node, E& out) {
    if (node.type != Node::Type::kString) return fail("expected a string");
    return from_json_name(node.text, out) || fail("unknown value");
  }
  template <class T>
  bool value(const Node& node, std::optional<T>& out) {
    return value(node, out.emplace());
  }
  template <class T>
  bool value(const Node& node, std::vector<T>& out) {
    if (node.type != Node::Type::kArray) return fail("expected an array");
    out.clear();
    out.reserve(node.items.size());
    for (size_t i = 0; i < node.items.size(); ++i) {
      if (!at(std::to_string(i), node.items[i], out.emplace_back())) return false;
    }
    return true;
  }
  template <class T>
  requires std::is_class_v<T>
  bool value(const Node& node, T& out) {
    if (node.type != Node::Type::kObject) return fail("expected an object");
    return members(node, out);
  }

  // Reads each member Fields<T> names from `object`, stopping at the first error.
  struct MemberReader {
    Decoder& decoder;
    const Node& object;
    bool ok = true;
    template <class M>
    void field(std::string_view name, M& member) {
      ok = ok && decoder.field(object, name, member);
    }
    template <class M>
    void required(std::string_view name, M& member) {
      field(name, member);
    }
  };

  template <class T>
  requires detail::HasFields<T>
  bool members(const Node& object, T& v) {
    MemberReader reader{*this, object};
    detail::Fields<T>::each(v, reader);
    return reader.ok;
  }

  ModelJsonError* error_;
  std::string pointer_;
};

template <class T>
std::optional<T> decode(std::string_view json, ModelJsonError* error) {
  Node root;
  if (!parse_tree(json, root, error)) return std::nullopt;
  T out;
  if (!Decoder(error).document(root, out)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<MappedMessage> mapped_message_from_json(std::string_view json,
                                                      ModelJsonError* error) {
  return decode<MappedMessage>(json, error);
}
std::optional<PatientContext> patient_context_from_json(std::string_view json,
                                                        ModelJsonError* error) {
  return decode<PatientContext>(json, error);
}
std::optional<InfusionOrder> infusion_order_from_json(std::string_view json,
                                                      ModelJsonError* error) {
  return decode<InfusionOrder>(json, error);
}

std::optional<DosingPlan> dosing_plan_from_json(std::string_view json, ModelJsonError* error) {
  return decode<DosingPlan>(json, error);
}
std::optional<OrderStatusUpdate> order_status_from_json(std::string_view json,
                                                        ModelJsonError* error) {
  return decode<OrderStatusUpdate>(json, error);
}
std::optional<PumpEvent> pump_event_from_json(std::string_view json, ModelJsonError* error) {
  return decode<PumpEvent>(json, error);
}
std::optional<AdministrationEvent> administration_from_json(std::string_view json,
                                                            ModelJsonError* error) {
  return decode<AdministrationEvent>(json, error);
}
std::optional<ObservationEvent> observation_from_json(std::string_view json,
                                                      ModelJsonError* error) {
  return decode<ObservationEvent>(json, error);
}
std::optional<Alert> alert_from_json(std::string_view json, ModelJsonError* error) {
  return decode<Alert>(json, error);
}

}  // namespace titrate::model
