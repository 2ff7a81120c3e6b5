#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/bus/event.h"
#include "gateway/config/gateway_config.h"
#include "gateway/store/outbox.h"

// What an HL7v2-only EHR is sent for an outbound event: ORR^O02 for an order status, RAS^O17
// for an administration (mappers/outbound/hl7v2), as an outbox entry of kind "hl7v2" whose
// resource type is the message type and whose resource id is the control id.
namespace titrate::push {

// MSH-10 for the message of an event: stable for the event (a redelivered event enqueues the
// same item), 17 characters: "T" and the 64-bit FNV-1a hash of the event id in hex.
std::string hl7v2_control_id(std::string_view event_id);

// nullopt for the events an HL7v2 destination is not sent. Throws std::invalid_argument when
// the event's body does not decode or the message cannot be built (no placer or patient id).
std::optional<store::OutboxEntry> hl7v2_outbox_entry(const bus::Event& event,
                                                     const config::PushDestinationConfig& to);

}  // namespace titrate::push
