#include "gateway/ingest/hl7v2_ingest.h"

#include <cstdio>

#include "gateway/clock/utc_time.h"
#include "gateway/ingest/bus_events.h"
#include "gateway/log/log.h"
#include "mappers/hl7v2/ack.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"
#include "mappers/inbound/pcd/map_pcd.h"
#include "mappers/inbound/pcd/pcd_message_kind.h"

namespace titrate::ingest {
namespace {

using hl7v2::AckCode;
using hl7v2::Diagnostic;
using hl7v2::Severity;

std::string_view first_component(std::string_view field, char component) {
  return field.substr(0, field.find(component));
}

enum class SenderCheck { kAllowed, kNotListed, kWrongCertificate };

// An entry with a certificate_subject admits its sender only over a connection whose client
// certificate has exactly that subject; without one, any connection on the channel will do.
SenderCheck check_sender(const hl7v2::MessageHeader& header,
                         const std::vector<config::AllowedSender>* allowed,
                         std::string_view certificate_subject) {
  if (!allowed || allowed->empty()) return SenderCheck::kAllowed;
  const char sep = header.delimiters.component;
  const std::string_view app = first_component(header.sending_application, sep);
  const std::string_view facility = first_component(header.sending_facility, sep);
  bool listed = false;
  for (const config::AllowedSender& s : *allowed) {
    if (s.application != app || (!s.facility.empty() && s.facility != facility)) continue;
    if (s.certificate_subject.empty() || s.certificate_subject == certificate_subject)
      return SenderCheck::kAllowed;
    listed = true;
  }
  return listed ? SenderCheck::kWrongCertificate : SenderCheck::kNotListed;
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

hl7v2::ParseLimits parse_limits(const config::Hl7v2Limits& limits) {
  hl7v2::ParseLimits out;
  out.max_message_bytes = limits.max_message_bytes;
  out.max_segments = limits.max_segments;
  out.max_field_bytes = limits.max_field_bytes;
  return out;
}

const profile::MappingProfile* profile_for(const ProfileRegistry::Profiles& profiles,
                                           const hl7v2::MessageHeader& header) {
  const char sep = header.delimiters.component;
  return profile::select_profile(profiles, first_component(header.sending_application, sep),
                                 first_component(header.sending_facility, sep));
}

std::string sender_key(const hl7v2::MessageHeader& header) {
  std::string key(header.sending_application);
  key.push_back('|');
  key.append(header.sending_facility);
  return key;
}

Hl7v2Ingest::Hl7v2Ingest(store::Journal& journal, const config::Hl7v2Limits& limits,
                         const ProfileRegistry& profiles, MappedSink* sink,
                         const bus::Topics* topics)
    : journal_(journal),
      limits_(parse_limits(limits)),
      profiles_(profiles),
      sink_(sink),
      topics_(topics) {}

std::string Hl7v2Ingest::next_control_id(int64_t now) {
  // Microseconds since the epoch plus a per-process sequence: unique and at most 20 chars.
  char text[32];
  std::snprintf(text, sizeof text, "%lld%03llu", static_cast<long long>(now),
                static_cast<unsigned long long>(sequence_++ % 1000));
  return text;
}

Hl7v2Ingest::Outcome Hl7v2Ingest::process(const hl7v2::Message& message,
                                          const Hl7v2Inbound& inbound) const {
  Outcome out;
  for (const Diagnostic& d : message.diagnostics()) {
    if (d.severity == Severity::kError) out.errors.push_back(d);
  }
  if (inbound.oversized) {
    out.errors.insert(out.errors.begin(),
                      error("207", "frame of " + std::to_string(inbound.total_bytes) +
                                       " bytes exceeds the channel's max_frame_bytes of " +
                                       std::to_string(inbound.max_frame_bytes)));
  }
  const SenderCheck sender =
      out.errors.empty()
          ? check_sender(message.header(), inbound.allowed_senders, inbound.certificate_subject)
          : SenderCheck::kAllowed;
  if (sender == SenderCheck::kNotListed) {
    out.errors.push_back(error("207", "sending application/facility is not allowed on channel " +
                                          std::string(inbound.channel)));
  } else if (sender == SenderCheck::kWrongCertificate) {
    out.errors.push_back(
        error("207", "sending application/facility is not allowed on channel " +
                         std::string(inbound.channel) +
                         " with this client certificate (allowed_senders binds it to "
                         "another certificate subject)"));
  }
  if (!out.errors.empty()) {
    out.state = store::JournalState::kRejected;
    return out;
  }
  const hl7v2::MessageHeader& header = message.header();
  model::MappedMessage mapped;
  if (pcd::is_pcd_message(message)) {
    mapped = pcd::map_pcd(message);
  } else {
    const auto profiles = profiles_.current();
    const profile::MappingProfile* profile = profile_for(*profiles, header);
    if (!profile) {
      out.state = store::JournalState::kFailed;
      out.errors.push_back(error("207", "no mapping profile matches this sender"));
      return out;
    }
    mapped = inbound::map_hl7v2(message, *profile);
  }
  if (!mapped.ok()) {
    out.state = store::JournalState::kFailed;
    for (const Diagnostic& d : inbound::to_diagnostics(mapped)) {
      if (d.severity == Severity::kError) out.errors.push_back(d);
    }
    return out;
  }
  mapped.source.channel = inbound.channel;
  mapped.source.sender = sender_key(header);
  mapped.source.control_id = header.control_id;
  mapped.source.format = "hl7v2";
  out.mapped = std::move(mapped);
  return out;
}

Hl7v2IngestResult Hl7v2Ingest::refuse(const Hl7v2Inbound& inbound) {
  const int64_t now = clock::now_us();
  const hl7v2::Message message = hl7v2::parse(inbound.payload, limits_);
  hl7v2::AckRequest request;
  request.inbound = &message;
  request.code = hl7v2::plan_acks(message.header(), false).enhanced ? AckCode::kCE : AckCode::kAE;
  request.errors = {error("207", std::string(inbound.refusal))};
  request.control_id = next_control_id(now);
  request.timestamp = clock::hl7_dtm_utc(now);
  Hl7v2IngestResult result;
  result.replies.push_back(hl7v2::build_ack(request));
  result.state = store::JournalState::kRejected;
  return result;
}

Hl7v2IngestResult Hl7v2Ingest::accept(const Hl7v2Inbound& inbound) {
  if (!inbound.refusal.empty()) return refuse(inbound);
  const int64_t received = clock::now_us();
  const hl7v2::Message message = hl7v2::parse(inbound.payload, limits_);
  const hl7v2::MessageHeader& header = message.header();
  Outcome outcome = process(message, inbound);
  const bool accepted = outcome.state == store::JournalState::kAccepted;
  const bool rejected = outcome.state == store::JournalState::kRejected;

  store::JournalEntry entry;
  entry.channel = inbound.channel;
  entry.sender = sender_key(header);
  entry.control_id = header.control_id;
  entry.message_type = message_type_of(header);
  entry.raw = inbound.payload;
  entry.state = outcome.state;
  entry.error = describe_errors(outcome.errors);
  entry.received_at_us = received;
  if (inbound.oversized) {
    entry.control_id.clear();  // a truncated head is never a duplicate
    entry.truncated = true;
  }

  // The accept ack says "stored" (CA) unless the message was rejected; the application ack
  // says whether it could be processed.
  const hl7v2::AckPlan plan = hl7v2::plan_acks(header, accepted);
  std::vector<std::string> acks;
  auto add_ack = [&](AckCode code, const std::vector<Diagnostic>& errors) {
    hl7v2::AckRequest request;
    request.inbound = &message;
    request.code = code;
    request.errors = errors;
    request.control_id = next_control_id(received);
    request.timestamp = clock::hl7_dtm_utc(received);
    acks.push_back(hl7v2::build_ack(request));
  };
  if (plan.send_accept)
    add_ack(rejected ? AckCode::kCR : AckCode::kCA,
            rejected ? outcome.errors : std::vector<Diagnostic>{});
  if (plan.send_application) {
    add_ack(accepted ? AckCode::kAA : rejected ? AckCode::kAR : AckCode::kAE, outcome.errors);
  }
  entry.ack = join_acks(acks);
  if (accepted && topics_ && outcome.mapped) {
    entry.events = bus_events(*outcome.mapped, *topics_, {clock::iso8601_utc(received)});
  }

  Hl7v2IngestResult result;
  result.state = entry.state;
  result.control_id = entry.control_id;
  result.message_type = entry.message_type;
  result.sender = entry.sender;
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
    add_ack(plan.enhanced ? AckCode::kCE : AckCode::kAE,
            {error("207", "message not stored (journal unavailable); resend later")});
    result.replies = std::move(acks);
    result.state = store::JournalState::kFailed;
    return result;
  }
  if (accepted) {
    if (sink_ && outcome.mapped) {
      outcome.mapped->source.journal_id = result.journal_id;
      sink_->deliver(*outcome.mapped);
    }
  } else {
    if (!rejected) ++mapping_failures_;
    TITRATE_LOG_WARN("channel %.*s: journal %lld %s (control id %.*s): %s",
                     static_cast<int>(inbound.channel.size()), inbound.channel.data(),
                     static_cast<long long>(result.journal_id), rejected ? "rejected" : "failed",
                     static_cast<int>(header.control_id.size()), header.control_id.data(),
                     describe_errors(outcome.errors).c_str());
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
  // Replay has no peer certificate. A message journaled as accepted or failed passed the sender
  // check, certificate binding included, when it arrived: its binding is not asked again. A
  // rejected one keeps every binding, which nothing can satisfy now, so a certificate-bound
  // sender's rejected message stays rejected (the sender must resend over its own connection).
  std::vector<config::AllowedSender> senders_without_binding;
  for (const config::MllpChannelConfig& channel : config.mllp_channels) {
    if (channel.name != record->channel) continue;
    inbound.allowed_senders = &channel.allowed_senders;
    if (record->state != store::JournalState::kRejected) {
      senders_without_binding = channel.allowed_senders;
      for (config::AllowedSender& s : senders_without_binding) s.certificate_subject.clear();
      inbound.allowed_senders = &senders_without_binding;
    }
  }
  inbound.payload = record->raw;
  const hl7v2::Message message = hl7v2::parse(record->raw, limits_);
  Outcome outcome = process(message, inbound);
  const std::string error_text = describe_errors(outcome.errors);
  std::vector<store::PendingEvent> events;
  if (outcome.state == store::JournalState::kAccepted && topics_ && outcome.mapped) {
    events = bus_events(*outcome.mapped, *topics_, {clock::iso8601_utc(clock::now_us())});
  }
  journal_.record_replay(journal_id, outcome.state, error_text, std::move(events));
  if (outcome.state == store::JournalState::kAccepted && sink_ && outcome.mapped) {
    outcome.mapped->source.journal_id = journal_id;
    sink_->deliver(*outcome.mapped);
  }
  return {outcome.state, error_text};
}

}  // namespace titrate::ingest
