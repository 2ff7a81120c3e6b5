#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/bus/bus.h"
#include "gateway/config/gateway_config.h"
#include "gateway/ingest/mapped_sink.h"
#include "gateway/ingest/profile_registry.h"
#include "gateway/store/journal.h"
#include "mappers/hl7v2/message.h"

namespace titrate::ingest {

struct Hl7v2Inbound {
  std::string_view channel;
  const std::vector<config::AllowedSender>* allowed_senders = nullptr;  // null or empty: any
  std::string_view certificate_subject;  // the peer's TLS client certificate; empty without one
  std::string_view payload;              // for an oversized frame: its head only
  bool oversized = false;
  size_t total_bytes = 0;
  size_t max_frame_bytes = 0;
  // Non-empty: the listener refused the message (its rate limit). It is answered with AE (CE
  // in enhanced mode) carrying this text and is not journaled: the sender keeps it and resends,
  // and a journaled copy would make the resend a duplicate answered with this refusal.
  std::string_view refusal;
};

struct Hl7v2IngestResult {
  std::vector<std::string> replies;  // acknowledgements to send, in order
  int64_t journal_id = 0;            // 0 when the message could not be journaled
  bool duplicate = false;
  store::JournalState state = store::JournalState::kAccepted;
  std::string control_id, message_type, sender;  // MSH-10, MSH-9, MSH-3|MSH-4, for the audit
};

// The ingest stage for HL7v2: parse, check the sender, map with the sender's profile, build the
// acknowledgement, and make the message durable in the journal (with its state, error and
// acknowledgement, and its bus events) before that acknowledgement is handed back. IHE PCD device
// messages (pumps, monitors, PCD-03 answers) are mapped without a sender profile.
class Hl7v2Ingest {
 public:
  // With `topics`, an accepted message's bus events are written in its journal transaction.
  Hl7v2Ingest(store::Journal& journal, const config::Hl7v2Limits& limits,
              const ProfileRegistry& profiles, MappedSink* sink,
              const bus::Topics* topics = nullptr);

  Hl7v2IngestResult accept(const Hl7v2Inbound& inbound);

  // Processes a journaled message again with today's configuration (after a fix) and records
  // the outcome. Returns the new state and error text.
  std::pair<store::JournalState, std::string> replay(int64_t journal_id,
                                                     const config::GatewayConfig& config);

  uint64_t duplicates() const { return duplicates_; }
  uint64_t mapping_failures() const { return mapping_failures_; }

 private:
  std::string next_control_id(int64_t now_us);
  Hl7v2IngestResult refuse(const Hl7v2Inbound& inbound);
  struct Outcome {
    store::JournalState state = store::JournalState::kAccepted;
    std::vector<hl7v2::Diagnostic> errors;  // why it was rejected or failed
    std::optional<model::MappedMessage> mapped;
  };
  // Rejected: not HL7v2, over a limit, or a sender not allowed here (the sender must fix it).
  // Failed: valid HL7v2 that cannot be mapped (fix the profile, then replay).
  Outcome process(const hl7v2::Message& message, const Hl7v2Inbound& inbound) const;

  store::Journal& journal_;
  hl7v2::ParseLimits limits_;
  const ProfileRegistry& profiles_;
  MappedSink* sink_;
  const bus::Topics* topics_;
  std::atomic<uint64_t> mapping_failures_{0};
  std::atomic<uint64_t> sequence_{0};
  std::atomic<uint64_t> duplicates_{0};
};

// Acks are journaled as one text; several acks (enhanced mode asks for up to two) are joined
// by LF, which never occurs inside an encoded HL7v2 message.
std::string join_acks(const std::vector<std::string>& acks);
std::vector<std::string> split_acks(std::string_view joined);

// The parser limits from the gateway config.
hl7v2::ParseLimits parse_limits(const config::Hl7v2Limits& limits);

// The profile for an HL7v2 sender, matched on MSH-3.1 and MSH-4.1; nullptr when none matches.
const profile::MappingProfile* profile_for(const ProfileRegistry::Profiles& profiles,
                                           const hl7v2::MessageHeader& header);

// "MSH-3|MSH-4" as received: the dedup scope of MSH-10.
std::string sender_key(const hl7v2::MessageHeader& header);

}  // namespace titrate::ingest
