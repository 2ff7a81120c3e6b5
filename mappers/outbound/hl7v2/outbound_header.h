#pragma once

#include <string>

// The MSH of a message Titrate sends to an HL7v2-only EHR. Pure: the caller supplies the ids
// and the time.
namespace titrate::outbound::hl7v2 {

struct OutboundHeader {
  std::string sending_application = "TITRATE";  // MSH-3.1
  std::string sending_facility;                 // MSH-4.1
  std::string receiving_application;            // MSH-5.1
  std::string receiving_facility;               // MSH-6.1
  std::string message_time;                     // MSH-7, HL7 DTM with offset
  std::string control_id;                       // MSH-10, unique per message (stable per retry)
  std::string processing_id = "P";              // MSH-11
  std::string version = "2.5.1";                // MSH-12
};

}  // namespace titrate::outbound::hl7v2
