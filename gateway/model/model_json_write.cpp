#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <type_traits>

#include "gateway/model/model_json.h"

namespace titrate::model {
namespace {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

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
    size_t i = 0;
    while (i < s.size()) {
      const size_t n = utf8_sequence_length(s, i);
      if (n == 0) break;
      i += n;
    }
    if (i == s.size()) {
      w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      return;
    }
    std::string repaired(s.substr(0, i));
    while (i < s.size()) {
      const size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        repaired += "\xEF\xBF\xBD";
        ++i;
      } else {
        repaired.append(s.substr(i, n));
        i += n;
      }
    }
    w_.String(repaired.data(), static_cast<rapidjson::SizeType>(repaired.size()));
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

  void members(const Coding& v) {
    field("system", v.system);
    field("code", v.code);
    field("display", v.display);
  }
  void members(const CodeableConcept& v) {
    field("codings", v.codings);
    field("text", v.text);
  }
  void members(const Identifier& v) {
    field("system", v.system);
    field("value", v.value);
    field("type", v.type);
    field("assigner", v.assigner);
  }
  void members(const HumanName& v) {
    field("family", v.family);
    field("given", v.given);
    field("prefix", v.prefix);
    field("suffix", v.suffix);
    field("use", v.use);
  }
  void members(const Practitioner& v) {
    field("identifier", v.identifier);
    field("name", v.name);
  }
  void members(const Quantity& v) {
    required("value", v.value);
    field("unit", v.unit);
  }
  void members(const Ratio& v) {
    field("numerator", v.numerator);
    field("denominator", v.denominator);
  }
  void members(const Timing& v) {
    field("repeat_pattern", v.repeat_pattern);
    field("count", v.count);
    field("frequency", v.frequency);
    field("period", v.period);
    field("duration", v.duration);
    field("start", v.start);
    field("end", v.end);
  }
  void members(const InfusionOrder& v) {
    required("action", v.action);
    required("status", v.status);
    field("placer", v.placer);
    field("filler", v.filler);
    field("placer_group", v.placer_group);
    field("patient_id", v.patient_id);
    field("visit_number", v.visit_number);
    field("medication", v.medication);
    field("dose", v.dose);
    field("dose_rate", v.dose_rate);
    field("infusion_rate", v.infusion_rate);
    field("concentration", v.concentration);
    field("volume", v.volume);
    field("timing", v.timing);
    field("route", v.route);
    field("ordering_provider", v.ordering_provider);
    field("indications", v.indications);
    field("authored", v.authored);
    field("instructions", v.instructions);
  }
  void members(const Location& v) {
    field("point_of_care", v.point_of_care);
    field("room", v.room);
    field("bed", v.bed);
    field("facility", v.facility);
  }
  void members(const Visit& v) {
    field("visit_number", v.visit_number);
    field("patient_class", v.patient_class);
    field("location", v.location);
    field("attending", v.attending);
    field("admitted", v.admitted);
    field("discharged", v.discharged);
  }
  void members(const BodyMeasurement& v) {
    required("kind", v.kind);
    field("code", v.code);
    field("value", v.value);
    field("reported", v.reported);
    field("effective", v.effective);
    field("status", v.status);
  }
  void members(const Allergy& v) {
    field("substance", v.substance);
    field("category", v.category);
    field("criticality", v.criticality);
    field("reaction", v.reaction);
    field("onset", v.onset);
  }
  void members(const Condition& v) {
    field("code", v.code);
    field("category", v.category);
    field("clinical_status", v.clinical_status);
    field("onset", v.onset);
  }
  void members(const PatientContext& v) {
    required("event", v.event);
    field("patient_id", v.patient_id);
    field("identifiers", v.identifiers);
    field("name", v.name);
    field("birth_date", v.birth_date);
    field("gender", v.gender);
    field("visit", v.visit);
    field("measurements", v.measurements);
    field("allergies", v.allergies);
    field("conditions", v.conditions);
  }
  void members(const Source& v) {
    field("channel", v.channel);
    field("sender", v.sender);
    field("control_id", v.control_id);
    required("journal_id", v.journal_id);
    field("format", v.format);
  }
  void members(const MappingIssue& v) {
    required("severity", v.severity);
    field("location", v.location);
    field("code", v.code);
    field("message", v.message);
  }
  void members(const MappedMessage& v) {
    required("source", v.source);
    field("patient", v.patient);
    field("orders", v.orders);
    field("unmapped", v.unmapped);
    field("issues", v.issues);
  }

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

}  // namespace titrate::model
