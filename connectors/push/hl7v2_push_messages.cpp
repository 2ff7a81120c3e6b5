#include "connectors/push/hl7v2_push_messages.h"

#include <stdexcept>

#include "gateway/clock/utc_time.h"
#include "gateway/model/model_json.h"
#include "mappers/outbound/hl7v2/hl7_dtm.h"
#include "mappers/outbound/hl7v2/orr_o02.h"
#include "mappers/outbound/hl7v2/ras_o17.h"

namespace titrate::push {
namespace {

outbound::hl7v2::OutboundHeader header_for(const bus::Event& event,
                                           const config::PushDestinationConfig& to) {
  outbound::hl7v2::OutboundHeader header;
  header.sending_application = to.sending_application;
  header.sending_facility = to.sending_facility;
  header.receiving_application = to.receiving_application;
  header.receiving_facility = to.receiving_facility;
  header.message_time =
      outbound::hl7v2::to_hl7_dtm(event.time).value_or(clock::hl7_dtm_utc(clock::now_us()));
  header.control_id = hl7v2_control_id(event.event_id);
  return header;
}

template <typename T, typename Decode>
T decode(const bus::Event& event, Decode decode_body) {
  model::ModelJsonError error;
  std::optional<T> value = decode_body(event.body, &error);
  if (!value) throw std::invalid_argument("unreadable " + event.type + ": " + error.to_string());
  return std::move(*value);
}

}  // namespace

std::string hl7v2_control_id(std::string_view event_id) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : event_id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "T";
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xF];
  return out;
}

std::optional<store::OutboxEntry> hl7v2_outbox_entry(const bus::Event& event,
                                                     const config::PushDestinationConfig& to) {
  namespace ev = bus::event_type;
  store::OutboxEntry entry;
  entry.destination = to.name;
  entry.kind = "hl7v2";
  entry.resource_id = hl7v2_control_id(event.event_id);
  if (event.type == ev::kOrderStatus) {
    const auto update = decode<model::OrderStatusUpdate>(event, model::order_status_from_json);
    entry.resource_type = "ORR^O02";
    entry.payload = outbound::hl7v2::build_orr_o02(update, header_for(event, to));
  } else if (event.type == ev::kAdministration) {
    const auto administration =
        decode<model::AdministrationEvent>(event, model::administration_from_json);
    entry.resource_type = "RAS^O17";
    entry.payload = outbound::hl7v2::build_ras_o17(administration, header_for(event, to));
  } else {
    return std::nullopt;
  }
  return entry;
}

}  // namespace titrate::push
