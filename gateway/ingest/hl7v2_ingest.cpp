#include "gateway/ingest/hl7v2_ingest.h"

#include <cstdio>

#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"
#include "mappers/hl7v2/ack.h"

namespace titrate::ingest {
namespace {

using hl7v2::AckCode;
using hl7v2::Diagnostic;
using hl7v2::Severity;

std::string_view first_component(std::string_view field, char component) {
  return field.substr(0, field.find(component));
}

bool sender_allowed(const hl7v2::MessageHeader& header,
                    const std::vector<config::AllowedSender>* allowed) {
  if (!allowed || allowed->empty()) return true;
  const char sep = header.delimiters.component;
  const std::string_view app = first_component(header.sending_application, sep);
  const std::string_view facility = first_component(header.sending_facility, sep);
  for (const config::AllowedSender& s : *allowed) {
    if (s.application == app && (s.facility.empty() || s.facility == facility)) return true;
  }
  return false;
}

Diagnostic error(std::string code, std::string message) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.code = std::move(code);
  d.message = std::move(message);
  return d;
}

std::string describe_errors(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity != Severity::kError) continue;
    if (!out.empty()) out += "; ";
    const std::string where = d.location.to_string();
    if (!where.empty()) out += where + ": ";
    out += d.message;
  }
  return out;
}

std::string message_type_of(const hl7v2::MessageHeader& header) {
  std::string type(header.message_code);
  if (!header.trigger_event.empty()) type.append("^").append(header.trigger_event);
  return type;
}

}  // namespace

std::string join_acks(const std::vector<std::string>& acks) {
  std::string joined;
  for (const std::string& ack : acks) {
    if (!joined.empty()) joined.push_back('\n');
    joined += ack;
  }
  return joined;
}

std::vector<std::string> split_acks(std::string_view joined) {
  std::vector<std::string> acks;
  while (!joined.empty()) {
    const size_t lf = joined.find('\n');
    acks.emplace_back(joined.substr(0, lf));
    if (lf == std::string_view::npos) break;
    joined.remove_prefix(lf + 1);
  }
  return acks;
}

std::string sender_key(const hl7v2::MessageHeader& header) {
  std::string key(header.sending_application);
  key.push_back('|');
  key.append(header.sending_facility);
  return key;
}

Hl7v2Ingest::Hl7v2Ingest(store::Journal& journal, const config::Hl7v2Limits& limits)
    : journal_(journal) {
  limits_.max_message_bytes = limits.max_message_bytes;
  limits_.max_segments = limits.max_segments;
  limits_.max_field_bytes = limits.max_field_bytes;
}

std::string Hl7v2Ingest::next_control_id(int64_t now) {
  // Microseconds since the epoch plus a per-process sequence: unique and at most 20 chars.
  char text[32];
  std::snprintf(text, sizeof text, "%lld%03llu", static_cast<long long>(now),
                static_cast<unsigned long long>(sequence_++ % 1000));
  return text;
}

std::vector<Diagnostic> Hl7v2Ingest::evaluate(const hl7v2::Message& message,
                                              const Hl7v2Inbound& inbound) const {
  std::vector<Diagnostic> errors;
  for (const Diagnostic& d : message.diagnostics()) {
    if (d.severity == Severity::kError) errors.push_back(d);
  }
  if (inbound.oversized) {
    errors.insert(errors.begin(),
                  error("207", "frame of " + std::to_string(inbound.total_bytes) +
                                   " bytes exceeds the channel's max_frame_bytes of " +
                                   std::to_string(inbound.max_frame_bytes)));
  }
  if (errors.empty() && !sender_allowed(message.header(), inbound.allowed_senders)) {
    errors.push_back(error("207", "sending application/facility is not allowed on channel " +
                                      std::string(inbound.channel)));
  }
  return errors;
}

Hl7v2IngestResult Hl7v2Ingest::accept(const Hl7v2Inbound& inbound) {
  const int64_t received = clock::now_us();
  const hl7v2::Message message = hl7v2::parse(inbound.payload, limits_);
  const hl7v2::MessageHeader& header = message.header();

  std::vector<Diagnostic> errors = evaluate(message, inbound);
  const bool ok = errors.empty();

  store::JournalEntry entry;
  entry.channel = inbound.channel;
  entry.sender = sender_key(header);
  entry.control_id = header.control_id;
  entry.message_type = message_type_of(header);
  entry.raw = inbound.payload;
  entry.state = ok ? store::JournalState::kAccepted : store::JournalState::kRejected;
  entry.error = describe_errors(errors);
  entry.received_at_us = received;
  if (inbound.oversized) {
    entry.control_id.clear();  // a truncated head is never a duplicate
    entry.truncated = true;
  }

  const hl7v2::AckPlan plan = hl7v2::plan_acks(header, ok);
  std::vector<std::string> acks;
  auto add_ack = [&](AckCode code) {
    hl7v2::AckRequest request;
    request.inbound = &message;
    request.code = code;
    request.errors = errors;
    request.control_id = next_control_id(received);
    request.timestamp = clock::hl7_dtm_utc(received);
    acks.push_back(hl7v2::build_ack(request));
  };
  if (plan.send_accept) add_ack(ok ? AckCode::kCA : AckCode::kCR);
  if (plan.send_application) add_ack(ok ? AckCode::kAA : AckCode::kAR);
  entry.ack = join_acks(acks);

  Hl7v2IngestResult result;
  result.state = entry.state;
  try {
    store::AppendResult appended = journal_.append(std::move(entry));
    result.journal_id = appended.id;
    result.duplicate = appended.duplicate;
    if (appended.duplicate) {
      ++duplicates_;
      TITRATE_LOG_INFO(
          "channel %.*s: duplicate of journal %lld (control id %.*s) answered with the original "
          "ack",
          static_cast<int>(inbound.channel.size()), inbound.channel.data(),
          static_cast<long long>(appended.id), static_cast<int>(header.control_id.size()),
          header.control_id.data());
      result.replies = split_acks(appended.ack);
      return result;
    }
  } catch (const std::exception& e) {
    // Not durable, so not acknowledged as accepted: the sender must resend.
    TITRATE_LOG_ERROR("channel %.*s: journal write failed (control id %.*s): %s",
                      static_cast<int>(inbound.channel.size()), inbound.channel.data(),
                      static_cast<int>(header.control_id.size()), header.control_id.data(),
                      e.what());
    acks.clear();
    errors.assign(1, error("207", "message not stored (journal unavailable); resend later"));
    add_ack(plan.enhanced ? AckCode::kCE : AckCode::kAE);
    result.replies = std::move(acks);
    result.state = store::JournalState::kFailed;
    return result;
  }
  if (!ok) {
    TITRATE_LOG_WARN("channel %.*s: journal %lld rejected (control id %.*s): %s",
                     static_cast<int>(inbound.channel.size()), inbound.channel.data(),
                     static_cast<long long>(result.journal_id),
                     static_cast<int>(header.control_id.size()), header.control_id.data(),
                     describe_errors(errors).c_str());
  }
  result.replies = std::move(acks);
  return result;
}

std::pair<store::JournalState, std::string> Hl7v2Ingest::replay(
    int64_t journal_id, const config::GatewayConfig& config) {
  std::optional<store::JournalRecord> record = journal_.get(journal_id);
  if (!record) throw std::runtime_error("no journal entry " + std::to_string(journal_id));
  if (record->truncated) {
    throw std::runtime_error(
        "journal entry " + std::to_string(journal_id) +
        " holds only the head of an oversized frame; ask the sender to resend");
  }
  Hl7v2Inbound inbound;
  inbound.channel = record->channel;
  for (const config::MllpChannelConfig& channel : config.mllp_channels) {
    if (channel.name == record->channel) inbound.allowed_senders = &channel.allowed_senders;
  }
  inbound.payload = record->raw;
  const hl7v2::Message message = hl7v2::parse(record->raw, limits_);
  const std::vector<Diagnostic> errors = evaluate(message, inbound);
  const store::JournalState state =
      errors.empty() ? store::JournalState::kAccepted : store::JournalState::kRejected;
  const std::string error_text = describe_errors(errors);
  journal_.record_replay(journal_id, state, error_text);
  return {state, error_text};
}

}  // namespace titrate::ingest
