#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/mapped_message.h"
#include "gateway/model/model_json.h"

// The envelope of every bus message. On the wire (embedded log row, Kafka record value) it
// is one JSON object:
//   {"type":"infusion-order","schema":1,"event_id":"j42/order/0","key":"urn:oid:1.2|12345",
//    "source":{...},"time":"2026-11-21T08:30:00.000Z","body":{...model document...}}
// The Kafka record key and the embedded log's key column are `key`.
namespace titrate::bus {

// Event types, one per model document carried in `body`.
namespace event_type {
inline constexpr std::string_view kPatientContext = "patient-context";
inline constexpr std::string_view kInfusionOrder = "infusion-order";
inline constexpr std::string_view kDosingPlan = "dosing-plan";
inline constexpr std::string_view kOrderStatus = "order-status";
inline constexpr std::string_view kPumpEvent = "pump-event";
inline constexpr std::string_view kAdministration = "administration";
inline constexpr std::string_view kObservation = "observation";
inline constexpr std::string_view kAlert = "alert";
}  // namespace event_type

struct Event {
  std::string type;
  int schema = model::kModelSchemaVersion;
  // Globally unique and stable across retries: derived from the journal id for ingest
  // ("j42/order/0") and from the input event for module outputs ("j42/order/0/plan").
  std::string event_id;
  std::string key;  // patient identity ("system|value"); one key's events stay in order
  model::Source source;
  model::DateTime time;
  std::string body;  // the model document (JSON object text)
  bool operator==(const Event&) const = default;
};

std::string encode_event(const Event& event);
// nullopt with `error` (JSON pointer + message) set when the text is not an envelope.
std::optional<Event> decode_event(std::string_view json, model::ModelJsonError* error);

// The key of a patient's events: "system|value" of the patient identifier.
std::string patient_key(const model::Identifier& patient_id);

}  // namespace titrate::bus
