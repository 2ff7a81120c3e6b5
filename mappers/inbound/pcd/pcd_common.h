#pragma once

#include <string>

#include "gateway/model/pump_event.h"
#include "mappers/inbound/hl7v2/mapping_context.h"

// What every PCD message carries outside its observations: the patient (PID-3, first
// repetition), the bed (PV1-3), the message time (MSH-7), type and control id.
namespace titrate::pcd {

struct MessageFields {
  model::Identifier patient_id;
  std::string location;  // PV1-3 point of care^room^bed, unescaped parts joined by '^'
  model::DateTime message_time;
  std::string message_type;  // "ORU^R42"
  std::string control_id;    // MSH-10
};

MessageFields read_message_fields(inbound::MapContext& ctx);
// A new event stamped with the message fields (time = MSH-7 until something better is known).
model::PumpEvent new_event(const MessageFields& fields, model::PumpEventKind kind);

}  // namespace titrate::pcd
