#pragma once

#include <string_view>

#include "connectors/kafka/kafka_producer.h"
#include "gateway/bus/event.h"

namespace titrate::kafka {

// Header names on the records the bus writes.
inline constexpr std::string_view kTypeHeader = "titrate-type";
inline constexpr std::string_view kEventIdHeader = "titrate-event-id";
inline constexpr std::string_view kErrorHeader = "titrate-error";
inline constexpr std::string_view kGroupHeader = "titrate-group";
inline constexpr std::string_view kSourceTopicHeader = "titrate-source-topic";
inline constexpr std::string_view kSourcePartitionHeader = "titrate-source-partition";
inline constexpr std::string_view kSourceOffsetHeader = "titrate-source-offset";
inline constexpr std::string_view kAttemptsHeader = "titrate-attempts";

// The record of an event: key = the event's key, value = its envelope, and its type and id as
// headers so tools can route or find records without parsing them.
OutgoingRecord event_record(std::string_view topic, const bus::Event& event);

}  // namespace titrate::kafka
