#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <string>

#include "connectors/kafka/kafka_options.h"

namespace titrate::kafka {

// librdkafka configurations for the bus's producer and for a consumer of `group`: the options'
// bootstrap list, client id and properties, plus the settings the delivery guarantees need.
// Throws bus::BusError naming the property librdkafka refused or that conflicts with the bus.
std::unique_ptr<RdKafka::Conf> make_producer_conf(const KafkaOptions& options,
                                                  RdKafka::EventCb* events,
                                                  RdKafka::DeliveryReportCb* deliveries);
std::unique_ptr<RdKafka::Conf> make_consumer_conf(const KafkaOptions& options,
                                                  const std::string& group,
                                                  RdKafka::EventCb* events);

}  // namespace titrate::kafka
