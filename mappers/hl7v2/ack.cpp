#include "mappers/hl7v2/ack.h"

#include "mappers/hl7v2/charset.h"
#include "mappers/hl7v2/encoder.h"

namespace titrate::hl7v2 {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string_view severity_code(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "I";
    case Severity::kWarning:
      return "W";
    case Severity::kError:
      return "E";
  }
  return "E";
}

// Table 0155 for one of MSH-15 / MSH-16 in enhanced mode.
bool wanted(std::string_view condition, bool succeeded) {
  condition = trim(condition);
  if (condition == "NE") return false;
  if (condition == "ER") return !succeeded;
  if (condition == "SU") return succeeded;
  return true;  // AL, empty or unknown
}

}  // namespace

std::string_view to_string(AckCode code) {
  switch (code) {
    case AckCode::kAA:
      return "AA";
    case AckCode::kAE:
      return "AE";
    case AckCode::kAR:
      return "AR";
    case AckCode::kCA:
      return "CA";
    case AckCode::kCE:
      return "CE";
    case AckCode::kCR:
      return "CR";
  }
  return "AR";
}

std::string build_ack(const AckRequest& req) {
  const MessageHeader none;
  const MessageHeader& h =
      req.inbound != nullptr && req.inbound->header().present ? req.inbound->header() : none;
  // Inbound values are copied raw when the ACK uses the inbound delimiters; with delimiters that
  // could not be used, the defaults are used and the inbound bytes are escaped as text.
  const bool same_delimiters = h.present && h.delimiters.valid();
  const Delimiters d = same_delimiters ? h.delimiters : Delimiters{};
  Encoder e(d);
  // Bytes that are not valid in the ACK's character set (the inbound may have been rejected for
  // them) are replaced by U+FFFD so that the ACK itself is always well-formed.
  auto inbound = [&](std::string_view raw) -> Encoder& {
    std::string clean;
    if (h.charset != Charset::kLatin1 && has_high_bit(raw) && !is_valid_utf8(raw)) {
      sanitize_utf8_append(raw, clean);
      raw = clean;
    }
    return same_delimiters ? e.raw(raw) : e.text(raw);
  };

  e.segment("MSH").field();
  inbound(h.receiving_application).field();  // MSH-3, then MSH-4
  inbound(h.receiving_facility).field();
  inbound(h.sending_application).field();
  inbound(h.sending_facility).field(req.timestamp).field().field("ACK").component();
  inbound(h.trigger_event).component("ACK").field(req.control_id).field();  // ... MSH-11
  if (h.processing_id.empty()) {
    e.text(req.fallback_processing_id);
  } else {
    inbound(h.processing_id);
  }
  e.field();  // MSH-12
  if (h.version_id.empty()) {
    e.text(req.fallback_version);
  } else {
    inbound(h.version_id);
  }
  if (!h.character_set.empty() && h.charset != Charset::kUnsupported) {
    e.field_at(18);
    inbound(h.character_set);
  }

  e.segment("MSA").field(to_string(req.code)).field();
  inbound(h.control_id);
  if (!req.errors.empty()) e.field(req.errors.front().message);

  for (const Diagnostic& err : req.errors) {
    e.segment("ERR")
        .field()
        .raw_field(err.location.to_erl(d))
        .field(err.code)
        .component(error_code_text(err.code))
        .component("HL70357")
        .field(severity_code(err.severity))
        .field_at(7)
        .field(err.message);
  }
  return e.finish();
}

AckPlan plan_acks(const MessageHeader& h, bool processing_succeeded) {
  AckPlan plan;
  plan.enhanced = !trim(h.accept_ack_type).empty() || !trim(h.application_ack_type).empty();
  if (!plan.enhanced) {
    plan.send_application = true;
    return plan;
  }
  plan.send_accept = wanted(h.accept_ack_type, processing_succeeded);
  plan.send_application = wanted(h.application_ack_type, processing_succeeded);
  return plan;
}

}  // namespace titrate::hl7v2
