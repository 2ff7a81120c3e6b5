#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <type_traits>

#include "gateway/model/json_text.h"
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
    field("care_area", v.care_area);
    field("device", v.device);
    field("limit_override", v.limit_override);
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
    field("pump_events", v.pump_events);
    field("unmapped", v.unmapped);
    field("issues", v.issues);
  }

  void members(const PlanInput& v) {
    field("name", v.name);
    field("value", v.value);
    field("source", v.source);
  }
  void members(const PlanValue& v) {
    field("value", v.value);
    field("rule", v.rule);
    field("inputs", v.inputs);
  }
  void members(const Reason& v) {
    field("code", v.code);
    field("message", v.message);
    field("rule", v.rule);
    field("detail", v.detail);
  }
  void members(const LimitOverride& v) {
    field("by", v.by);
    field("reason", v.reason);
    field("time", v.time);
  }
  void members(const DosingPlan& v) {
    field("plan_id", v.plan_id);
    field("placer", v.placer);
    field("filler", v.filler);
    field("patient_id", v.patient_id);
    field("visit_number", v.visit_number);
    field("location", v.location);
    field("device", v.device);
    field("medication", v.medication);
    field("library_entry", v.library_entry);
    field("care_area", v.care_area);
    field("dosing_basis", v.dosing_basis);
    field("concentration", v.concentration);
    field("weight", v.weight);
    field("dose", v.dose);
    field("dose_rate", v.dose_rate);
    field("infusion_rate", v.infusion_rate);
    field("vtbi", v.vtbi);
    field("duration", v.duration);
    required("infusion_number", v.infusion_number);
    required("series_total", v.series_total);
    field("overridden", v.overridden);
    field("override_by", v.override_by);
    field("created", v.created);
  }
  void members(const OrderStatusUpdate& v) {
    field("placer", v.placer);
    field("filler", v.filler);
    field("patient_id", v.patient_id);
    required("state", v.state);
    field("reasons", v.reasons);
    field("plan_id", v.plan_id);
    required("infusion_number", v.infusion_number);
    field("time", v.time);
  }
  void members(const DeviceReading& v) {
    field("code", v.code);
    field("value", v.value);
    field("text", v.text);
    field("address", v.address);
    field("time", v.time);
  }
  void members(const PumpEvent& v) {
    required("kind", v.kind);
    field("event_code", v.event_code);
    field("device", v.device);
    field("device_kind", v.device_kind);
    field("channel", v.channel);
    field("patient_id", v.patient_id);
    field("location", v.location);
    field("program_id", v.program_id);
    field("time", v.time);
    field("rate", v.rate);
    field("dose_rate", v.dose_rate);
    field("volume_infused", v.volume_infused);
    field("vtbi", v.vtbi);
    field("vtbi_remaining", v.vtbi_remaining);
    field("infusing_status", v.infusing_status);
    field("delivery_status", v.delivery_status);
    field("not_delivering_reason", v.not_delivering_reason);
    field("reject_code", v.reject_code);
    field("reject_text", v.reject_text);
    field("alarm_priority", v.alarm_priority);
    field("readings", v.readings);
    field("message_type", v.message_type);
    field("control_id", v.control_id);
  }
  void members(const AdministrationEvent& v) {
    field("session_id", v.session_id);
    required("sequence", v.sequence);
    required("action", v.action);
    required("state", v.state);
    field("plan_id", v.plan_id);
    field("placer", v.placer);
    field("patient_id", v.patient_id);
    field("visit_number", v.visit_number);
    field("device", v.device);
    field("medication", v.medication);
    field("concentration", v.concentration);
    field("started", v.started);
    field("time", v.time);
    field("rate", v.rate);
    field("dose_rate", v.dose_rate);
    field("volume_delivered", v.volume_delivered);
    field("dose_delivered", v.dose_delivered);
    field("planned_volume", v.planned_volume);
    field("planned_dose", v.planned_dose);
    field("deviations", v.deviations);
  }
  void members(const ObservationComponent& v) {
    field("code", v.code);
    field("value", v.value);
  }
  void members(const ObservationEvent& v) {
    field("observation_id", v.observation_id);
    field("category", v.category);
    field("code", v.code);
    field("value", v.value);
    field("components", v.components);
    field("patient_id", v.patient_id);
    field("device", v.device);
    field("session_id", v.session_id);
    field("time", v.time);
    field("source_event_id", v.source_event_id);
  }
  void members(const Alert& v) {
    field("alert_id", v.alert_id);
    field("code", v.code);
    field("severity", v.severity);
    required("action", v.action);
    field("message", v.message);
    field("rule", v.rule);
    field("observed", v.observed);
    field("threshold", v.threshold);
    field("patient_id", v.patient_id);
    field("device", v.device);
    field("session_id", v.session_id);
    field("plan_id", v.plan_id);
    field("time", v.time);
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
