#pragma once

#include <string_view>

#include "mappers/hl7v2/message.h"

// Which IHE PCD transaction a message is, from its profile OID (MSH-21.3) or, failing that,
// its type (MSH-9).
namespace titrate::pcd {

inline constexpr std::string_view kDecOid = "1.3.6.1.4.1.19376.1.6.1.1.1";        // PCD-01
inline constexpr std::string_view kIpecOid = "1.3.6.1.4.1.19376.1.6.4.10";        // PCD-10
inline constexpr std::string_view kAcmOid = "1.3.6.1.4.1.19376.1.6.4.4";          // PCD-04
inline constexpr std::string_view kPivOid = "1.3.6.1.4.1.19376.1.6.1.3.1";        // PCD-03 RGV
inline constexpr std::string_view kPivAnswerOid = "1.3.6.1.4.1.19376.1.6.1.3.2";  // RRG

enum class PcdKind {
  kNone,
  kDeviceObservation,  // PCD-01 ORU^R01
  kInfusionEvent,      // PCD-10 ORU^R42
  kAlarm,              // PCD-04 ORU^R40
  kProgramAnswer,      // RRG^O16 application answer to a program
  kAcknowledgement,    // ACK^O15 / ACK^O16
};

struct PcdClassification {
  PcdKind kind = PcdKind::kNone;
  bool by_profile = false;  // recognised by MSH-21.3 (else by MSH-9 alone)
};

// A plain ORU^R01 without the DEC profile OID is a lab or clinical result, not PCD.
PcdClassification classify_pcd(const hl7v2::Message& message);
bool is_pcd_message(const hl7v2::Message& message);

}  // namespace titrate::pcd
