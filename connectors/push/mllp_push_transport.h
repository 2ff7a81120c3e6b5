#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "connectors/push/push_transport.h"
#include "gateway/config/gateway_config.h"

namespace titrate::mllp {
class MllpClient;
}

// Delivers HL7v2 outbox items (ORR^O02, RAS^O17) to an HL7v2-only EHR over MLLP.
namespace titrate::push {

// One connection to the destination's host:port (TLS when `tls` is configured), kept open
// between items and reopened when it broke: a send or read that fails on a reused connection
// is retried once at once on a new one (the EHR recognises a resend by its MSH-10).
//
// The answer is read with the destination's timeout_seconds and mapped by MSA-1:
// AA / CA -> kDelivered; AE / CE -> kRetry; AR / CR -> kRejected. No connection, a closed
// connection, no answer in time, an unreadable answer or an unknown MSA-1 -> kRetry, and the
// connection is dropped. An answer whose MSA-2 names another control id (a late answer to an
// earlier item) is skipped. The detail is MSA-1 with the ERR-3 / ERR-5 codes, or the transport
// error: never message content.
class MllpPushTransport : public PushTransport {
 public:
  // Throws std::invalid_argument when the destination has no host or port.
  explicit MllpPushTransport(config::PushDestinationConfig destination);
  ~MllpPushTransport() override;
  MllpPushTransport(const MllpPushTransport&) = delete;
  MllpPushTransport& operator=(const MllpPushTransport&) = delete;

  DeliveryResult deliver(const OutboxItem& item) override;

 private:
  DeliveryResult exchange(const OutboxItem& item);
  void disconnect();

  config::PushDestinationConfig destination_;
  std::mutex mutex_;
  std::unique_ptr<mllp::MllpClient> client_;
};

}  // namespace titrate::push
