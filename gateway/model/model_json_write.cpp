#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <type_traits>

#include "gateway/model/json_text.h"
#include "gateway/model/model_fields.h"
#include "gateway/model/model_json.h"

namespace titrate::model {
namespace {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class W>
class Encoder {
 public:
  explicit Encoder(W& writer) : w_(writer) {}

  template <class T>
  void document(const T& value) {
    w_.StartObject();
    key("schema");
    w_.Int(kModelSchemaVersion);
    members(value);
    w_.EndObject();
  }

 private:
  // A member left out when it holds its default (empty string, array or object; nullopt).
  template <class T>
  void field(std::string_view name, const T& v) {
    if constexpr (IsOptional<T>::value) {
      if (!v.has_value()) return;
    } else {
      if (v == T{}) return;
    }
    required(name, v);
  }

  template <class T>
  void required(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

  void key(std::string_view name) {
    w_.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  }

  void value(std::string_view s) {
    std::string storage;
    const std::string_view text = json_text::valid_utf8(s, storage);
    w_.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(const DateTime& v) { value(v.value); }
  void value(const Decimal& d) {
    // RawValue, not RawNumber: rapidjson 1.1.0's RawNumber writes the text in quotes.
    const std::string text = d.to_string();
    w_.RawValue(text.data(), text.size(), rapidjson::kNumberType);
  }
  void value(int v) { w_.Int(v); }
  void value(int64_t v) { w_.Int64(v); }
  template <class E>
  requires std::is_enum_v<E>
  void value(E e) { value(json_name(e)); }
  template <class T>
  void value(const std::optional<T>& v) {
    value(*v);
  }
  template <class T>
  void value(const std::vector<T>& items) {
    w_.StartArray();
    for (const T& item : items) value(item);
    w_.EndArray();
  }
  template <class T>
  requires std::is_class_v<T>
  void value(const T& object) {
    w_.StartObject();
    members(object);
    w_.EndObject();
  }

  template <class T>
  requires detail::HasFields<T>
  void members(const T& v) { detail::Fields<T>::each(v, *this); }

  template <class>
  friend struct detail::Fields;  // calls field() and required()

  W& w_;
};

template <class T>
std::string encode(const T& value, bool pretty) {
  rapidjson::StringBuffer buffer;
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    Encoder(writer).document(value);
  } else {
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    Encoder(writer).document(value);
  }
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string to_json(const MappedMessage& message, bool pretty) {
  return encode(message, pretty);
}
std::string to_json(const PatientContext& patient, bool pretty) {
  return encode(patient, pretty);
}
std::string to_json(const InfusionOrder& order, bool pretty) {
  return encode(order, pretty);
}

std::string to_json(const DosingPlan& plan, bool pretty) {
  return encode(plan, pretty);
}
std::string to_json(const OrderStatusUpdate& status, bool pretty) {
  return encode(status, pretty);
}
std::string to_json(const PumpEvent& event, bool pretty) {
  return encode(event, pretty);
}
std::string to_json(const AdministrationEvent& event, bool pretty) {
  return encode(event, pretty);
}
std::string to_json(const ObservationEvent& event, bool pretty) {
  return encode(event, pretty);
}
std::string to_json(const Alert& alert, bool pretty) {
  return encode(alert, pretty);
}

}  // namespace titrate::model
