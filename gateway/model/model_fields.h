// The JSON members of every model struct, in member order, written once for the encoder
// (model_json_write.cpp) and the decoder (model_json_read.cpp). Internal to gateway/model.
//
// Fields<T>::each(v, visitor) calls visitor.field(name, member) for a member left out when it
// holds its default, and visitor.required(name, member) for one always written.
#pragma once

#include "gateway/model/administration.h"
#include "gateway/model/dosing_plan.h"
#include "gateway/model/infusion_order.h"
#include "gateway/model/mapped_message.h"
#include "gateway/model/patient_context.h"
#include "gateway/model/pump_event.h"
#include "gateway/model/values.h"

namespace titrate::model::detail {

template <class T>
struct Fields;  // specialised below for every struct of the model

template <>
struct Fields<Coding> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("system", v.system);
    f.field("code", v.code);
    f.field("display", v.display);
  }
};

template <>
struct Fields<CodeableConcept> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("codings", v.codings);
    f.field("text", v.text);
  }
};

template <>
struct Fields<Identifier> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("system", v.system);
    f.field("value", v.value);
    f.field("type", v.type);
    f.field("assigner", v.assigner);
  }
};

template <>
struct Fields<HumanName> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("family", v.family);
    f.field("given", v.given);
    f.field("prefix", v.prefix);
    f.field("suffix", v.suffix);
    f.field("use", v.use);
  }
};

template <>
struct Fields<Practitioner> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("identifier", v.identifier);
    f.field("name", v.name);
  }
};

template <>
struct Fields<Quantity> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.required("value", v.value);
    f.field("unit", v.unit);
  }
};

template <>
struct Fields<Ratio> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("numerator", v.numerator);
    f.field("denominator", v.denominator);
  }
};

template <>
struct Fields<Timing> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("repeat_pattern", v.repeat_pattern);
    f.field("count", v.count);
    f.field("frequency", v.frequency);
    f.field("period", v.period);
    f.field("duration", v.duration);
    f.field("start", v.start);
    f.field("end", v.end);
  }
};

template <>
struct Fields<InfusionOrder> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.required("action", v.action);
    f.required("status", v.status);
    f.field("placer", v.placer);
    f.field("filler", v.filler);
    f.field("placer_group", v.placer_group);
    f.field("patient_id", v.patient_id);
    f.field("visit_number", v.visit_number);
    f.field("medication", v.medication);
    f.field("dose", v.dose);
    f.field("dose_rate", v.dose_rate);
    f.field("infusion_rate", v.infusion_rate);
    f.field("concentration", v.concentration);
    f.field("volume", v.volume);
    f.field("timing", v.timing);
    f.field("route", v.route);
    f.field("ordering_provider", v.ordering_provider);
    f.field("indications", v.indications);
    f.field("authored", v.authored);
    f.field("instructions", v.instructions);
    f.field("care_area", v.care_area);
    f.field("device", v.device);
    f.field("limit_override", v.limit_override);
    f.field("origin", v.origin);
  }
};

template <>
struct Fields<Location> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("point_of_care", v.point_of_care);
    f.field("room", v.room);
    f.field("bed", v.bed);
    f.field("facility", v.facility);
  }
};

template <>
struct Fields<Visit> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("visit_number", v.visit_number);
    f.field("patient_class", v.patient_class);
    f.field("location", v.location);
    f.field("attending", v.attending);
    f.field("admitted", v.admitted);
    f.field("discharged", v.discharged);
  }
};

template <>
struct Fields<BodyMeasurement> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.required("kind", v.kind);
    f.field("code", v.code);
    f.field("value", v.value);
    f.field("reported", v.reported);
    f.field("effective", v.effective);
    f.field("status", v.status);
  }
};

template <>
struct Fields<Allergy> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("substance", v.substance);
    f.field("category", v.category);
    f.field("criticality", v.criticality);
    f.field("reaction", v.reaction);
    f.field("onset", v.onset);
  }
};

template <>
struct Fields<Condition> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("code", v.code);
    f.field("category", v.category);
    f.field("clinical_status", v.clinical_status);
    f.field("onset", v.onset);
  }
};

template <>
struct Fields<PatientContext> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.required("event", v.event);
    f.field("patient_id", v.patient_id);
    f.field("identifiers", v.identifiers);
    f.field("name", v.name);
    f.field("birth_date", v.birth_date);
    f.field("gender", v.gender);
    f.field("visit", v.visit);
    f.field("measurements", v.measurements);
    f.field("allergies", v.allergies);
    f.field("conditions", v.conditions);
  }
};

template <>
struct Fields<Source> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("channel", v.channel);
    f.field("sender", v.sender);
    f.field("control_id", v.control_id);
    f.required("journal_id", v.journal_id);
    f.field("format", v.format);
  }
};

template <>
struct Fields<MappingIssue> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.required("severity", v.severity);
    f.field("location", v.location);
    f.field("code", v.code);
    f.field("message", v.message);
  }
};

template <>
struct Fields<MappedMessage> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.required("source", v.source);
    f.field("patient", v.patient);
    f.field("orders", v.orders);
    f.field("pump_events", v.pump_events);
    f.field("unmapped", v.unmapped);
    f.field("issues", v.issues);
  }
};

template <>
struct Fields<PlanInput> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("name", v.name);
    f.field("value", v.value);
    f.field("source", v.source);
  }
};

template <>
struct Fields<PlanValue> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("value", v.value);
    f.field("rule", v.rule);
    f.field("inputs", v.inputs);
  }
};

template <>
struct Fields<Reason> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("code", v.code);
    f.field("message", v.message);
    f.field("rule", v.rule);
    f.field("detail", v.detail);
  }
};

template <>
struct Fields<LimitOverride> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("by", v.by);
    f.field("reason", v.reason);
    f.field("time", v.time);
  }
};

template <>
struct Fields<DosingPlan> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("plan_id", v.plan_id);
    f.field("placer", v.placer);
    f.field("filler", v.filler);
    f.field("patient_id", v.patient_id);
    f.field("visit_number", v.visit_number);
    f.field("location", v.location);
    f.field("device", v.device);
    f.field("medication", v.medication);
    f.field("library_entry", v.library_entry);
    f.field("care_area", v.care_area);
    f.field("dosing_basis", v.dosing_basis);
    f.field("concentration", v.concentration);
    f.field("weight", v.weight);
    f.field("dose", v.dose);
    f.field("dose_rate", v.dose_rate);
    f.field("infusion_rate", v.infusion_rate);
    f.field("vtbi", v.vtbi);
    f.field("duration", v.duration);
    f.required("infusion_number", v.infusion_number);
    f.required("series_total", v.series_total);
    f.field("overridden", v.overridden);
    f.field("override_by", v.override_by);
    f.field("created", v.created);
  }
};

template <>
struct Fields<OrderStatusUpdate> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("placer", v.placer);
    f.field("filler", v.filler);
    f.field("patient_id", v.patient_id);
    f.required("state", v.state);
    f.field("reasons", v.reasons);
    f.field("plan_id", v.plan_id);
    f.required("infusion_number", v.infusion_number);
    f.field("time", v.time);
  }
};

template <>
struct Fields<DeviceReading> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("code", v.code);
    f.field("value", v.value);
    f.field("text", v.text);
    f.field("address", v.address);
    f.field("time", v.time);
  }
};

template <>
struct Fields<PumpEvent> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.required("kind", v.kind);
    f.field("event_code", v.event_code);
    f.field("device", v.device);
    f.field("device_kind", v.device_kind);
    f.field("channel", v.channel);
    f.field("patient_id", v.patient_id);
    f.field("location", v.location);
    f.field("program_id", v.program_id);
    f.field("time", v.time);
    f.field("rate", v.rate);
    f.field("dose_rate", v.dose_rate);
    f.field("volume_infused", v.volume_infused);
    f.field("vtbi", v.vtbi);
    f.field("vtbi_remaining", v.vtbi_remaining);
    f.field("infusing_status", v.infusing_status);
    f.field("delivery_status", v.delivery_status);
    f.field("not_delivering_reason", v.not_delivering_reason);
    f.field("reject_code", v.reject_code);
    f.field("reject_text", v.reject_text);
    f.field("alarm_priority", v.alarm_priority);
    f.field("readings", v.readings);
    f.field("message_type", v.message_type);
    f.field("control_id", v.control_id);
  }
};

template <>
struct Fields<AdministrationEvent> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("session_id", v.session_id);
    f.required("sequence", v.sequence);
    f.required("action", v.action);
    f.required("state", v.state);
    f.field("plan_id", v.plan_id);
    f.field("placer", v.placer);
    f.field("patient_id", v.patient_id);
    f.field("visit_number", v.visit_number);
    f.field("device", v.device);
    f.field("medication", v.medication);
    f.field("concentration", v.concentration);
    f.field("started", v.started);
    f.field("time", v.time);
    f.field("rate", v.rate);
    f.field("dose_rate", v.dose_rate);
    f.field("volume_delivered", v.volume_delivered);
    f.field("dose_delivered", v.dose_delivered);
    f.field("planned_volume", v.planned_volume);
    f.field("planned_dose", v.planned_dose);
    f.field("deviations", v.deviations);
    f.field("infusion_number", v.infusion_number);
    f.field("series_total", v.series_total);
  }
};

template <>
struct Fields<ObservationComponent> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("code", v.code);
    f.field("value", v.value);
  }
};

template <>
struct Fields<ObservationEvent> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("observation_id", v.observation_id);
    f.field("category", v.category);
    f.field("code", v.code);
    f.field("value", v.value);
    f.field("components", v.components);
    f.field("patient_id", v.patient_id);
    f.field("device", v.device);
    f.field("session_id", v.session_id);
    f.field("time", v.time);
    f.field("source_event_id", v.source_event_id);
  }
};

template <>
struct Fields<Alert> {
  template <class V, class F>
  static void each(V& v, F& f) {
    f.field("alert_id", v.alert_id);
    f.field("code", v.code);
    f.field("severity", v.severity);
    f.required("action", v.action);
    f.field("message", v.message);
    f.field("rule", v.rule);
    f.field("observed", v.observed);
    f.field("threshold", v.threshold);
    f.field("patient_id", v.patient_id);
    f.field("device", v.device);
    f.field("session_id", v.session_id);
    f.field("plan_id", v.plan_id);
    f.field("time", v.time);
  }
};

template <class T>
concept HasFields = requires {
  sizeof(Fields<T>);
};

}  // namespace titrate::model::detail
