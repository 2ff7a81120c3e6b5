#include "gateway/ingest/bus_events.h"

#include <string>

#include "gateway/model/model_json.h"

namespace titrate::ingest {
namespace {

store::PendingEvent pending(const std::string& topic, std::string_view type, std::string suffix,
                            std::string key, const model::MappedMessage& message,
                            const model::DateTime& time, std::string body) {
  store::PendingEvent out;
  out.topic = topic;
  bus::Event& e = out.event;
  e.type = std::string(type);
  e.event_id = std::move(suffix);
  e.key = std::move(key);
  e.source = message.source;
  e.source.journal_id = 0;
  e.time = time;
  e.body = std::move(body);
  return out;
}

std::string device_key(const model::PumpEvent& event) {
  if (!event.patient_id.empty()) return bus::patient_key(event.patient_id);
  return "device|" + event.device;
}

}  // namespace

std::vector<store::PendingEvent> bus_events(const model::MappedMessage& message,
                                            const bus::Topics& topics,
                                            const model::DateTime& time) {
  std::vector<store::PendingEvent> out;
  out.reserve((message.patient ? 1 : 0) + message.orders.size() + message.pump_events.size());
  if (message.patient) {
    out.push_back(pending(topics.orders, bus::event_type::kPatientContext, "patient",
                          bus::patient_key(message.patient->patient_id), message, time,
                          model::to_json(*message.patient)));
  }
  for (size_t i = 0; i < message.orders.size(); ++i) {
    const model::InfusionOrder& order = message.orders[i];
    const model::Identifier& patient = order.patient_id.empty() && message.patient
                                           ? message.patient->patient_id
                                           : order.patient_id;
    out.push_back(pending(topics.orders, bus::event_type::kInfusionOrder,
                          "order/" + std::to_string(i), bus::patient_key(patient), message, time,
                          model::to_json(order)));
  }
  for (size_t i = 0; i < message.pump_events.size(); ++i) {
    const model::PumpEvent& event = message.pump_events[i];
    out.push_back(pending(topics.pump_events, bus::event_type::kPumpEvent,
                          "pump/" + std::to_string(i), device_key(event), message, time,
                          model::to_json(event)));
  }
  return out;
}

}  // namespace titrate::ingest
