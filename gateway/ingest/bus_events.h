#pragma once

#include <vector>

#include "gateway/bus/bus.h"
#include "gateway/model/mapped_message.h"
#include "gateway/store/journal.h"

namespace titrate::ingest {

// The bus events of one mapped inbound message, written in the same transaction as its journal
// entry: the patient context and the orders to the orders topic (one topic, so a patient's
// weight is handled before the order that needs it), device messages to the pump-events topic.
// Event ids are suffixes ("patient", "order/0", "pump/0") that the journal completes with the
// entry's id ("j42/order/0"); keys are the patient identity (the device for a device message
// without a patient).
std::vector<store::PendingEvent> bus_events(const model::MappedMessage& message,
                                            const bus::Topics& topics, const model::DateTime& time);

}  // namespace titrate::ingest
