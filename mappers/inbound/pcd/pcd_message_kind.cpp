#include "mappers/inbound/pcd/pcd_message_kind.h"

#include <optional>

#include "mappers/hl7v2/pieces.h"

namespace titrate::pcd {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// ACM implementations have also been seen sending this OID for PCD-04.
constexpr std::string_view kAcmAlternateOid = "1.3.6.1.4.1.19376.1.6.1.4.1";

std::optional<PcdKind> kind_by_oid(std::string_view oid) {
  if (oid == kDecOid) return PcdKind::kDeviceObservation;
  if (oid == kIpecOid) return PcdKind::kInfusionEvent;
  if (oid == kAcmOid || oid == kAcmAlternateOid) return PcdKind::kAlarm;
  if (oid == kPivAnswerOid) return PcdKind::kProgramAnswer;
  return std::nullopt;
}

std::optional<PcdKind> kind_by_type(std::string_view code, std::string_view trigger) {
  if (code == "ORU" && trigger == "R42") return PcdKind::kInfusionEvent;
  if (code == "ORU" && trigger == "R40") return PcdKind::kAlarm;
  if (code == "RRG" && trigger == "O16") return PcdKind::kProgramAnswer;
  if (code == "ACK" && (trigger == "O15" || trigger == "O16")) return PcdKind::kAcknowledgement;
  return std::nullopt;
}

}  // namespace

PcdClassification classify_pcd(const hl7v2::Message& message) {
  const hl7v2::MessageHeader& header = message.header();
  if (!header.present) return {};
  const std::optional<PcdKind> by_type = kind_by_type(header.message_code, header.trigger_event);
  // MSH-21 repeats (several profiles); the TF's own example has a space before the OID.
  const std::string_view msh21 = message.value("MSH-21").value_or(std::string_view{});
  for (std::string_view profile : hl7v2::Pieces(msh21, message.delimiters().repetition)) {
    const std::string_view oid =
        trim(hl7v2::piece(profile, message.delimiters().component, 3).value_or(""));
    std::optional<PcdKind> by_oid = kind_by_oid(oid);
    if (!by_oid && oid == kPivOid) by_oid = by_type;  // ACKs echo the RGV profile
    if (!by_oid) continue;
    // The OID names the profile; MSH-9 decides between a PIV answer and its acknowledgement.
    if (*by_oid == PcdKind::kProgramAnswer && by_type) by_oid = by_type;
    return {*by_oid, true};
  }
  if (by_type) return {*by_type, false};
  return {};
}

bool is_pcd_message(const hl7v2::Message& message) {
  return classify_pcd(message).kind != PcdKind::kNone;
}

}  // namespace titrate::pcd
