#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mappers/hl7v2/diagnostic.h"
#include "mappers/hl7v2/message.h"

namespace titrate::hl7v2 {

enum class AckCode { kAA, kAE, kAR, kCA, kCE, kCR };
std::string_view to_string(AckCode);

struct AckRequest {
  const Message* inbound = nullptr;  // may have failed to parse: whatever header was read is used
  AckCode code = AckCode::kAA;
  // One ERR segment each: ERR-2 location (ERL), ERR-3 code^text^HL70357, ERR-4 severity E/W/I,
  // ERR-8 readable message. The first one's message also fills MSA-3.
  std::vector<Diagnostic> errors;
  std::string control_id;  // fresh MSH-10 for the ACK (caller supplies; mappers has no clock)
  std::string timestamp;   // MSH-7, caller supplies, e.g. "20261121093000.123+0000"
  std::string fallback_version = "2.5.1";    // when the inbound MSH-12 could not be read
  std::string fallback_processing_id = "P";  // when the inbound MSH-11 could not be read
};

// MSH: inbound delimiters (MSH-1/2 as received), MSH-3/4 = inbound MSH-5/6, MSH-5/6 = inbound
// MSH-3/4, MSH-9 = ACK^<inbound trigger>^ACK, MSH-11 and MSH-12 as inbound (MSH-18 as inbound
// when it is a supported character set). MSA-1 code, MSA-2 = inbound MSH-10.
// Without a readable inbound header: default delimiters, empty MSA-2, fallback version.
std::string build_ack(const AckRequest&);

// Which acknowledgements the sender asked for (MSH-15 / MSH-16, table 0155: AL, NE, ER, SU; both
// empty = original mode, where only the application ACK is sent). An empty or unknown value in
// enhanced mode counts as AL.
struct AckPlan {
  bool enhanced = false;
  bool send_accept = false;
  bool send_application = false;
};
AckPlan plan_acks(const MessageHeader&, bool processing_succeeded);

}  // namespace titrate::hl7v2
