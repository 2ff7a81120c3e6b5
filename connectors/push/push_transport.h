#pragma once

#include <cstdint>
#include <string>

// How one outbox item reaches a destination: a FHIR PUT (fhir_push_transport.h) or an HL7v2
// message over MLLP (mllp_push_transport.h). The pusher (push_worker.h) owns retries.
namespace titrate::push {

// One delivery the outbox holds for one destination.
struct OutboxItem {
  int64_t id = 0;             // outbox row id, increasing
  std::string destination;    // the destination's configured name
  std::string resource_type;  // FHIR type, or the HL7v2 message type ("ORR^O02", "RAS^O17")
  std::string resource_id;    // FHIR id (PUT <base>/<type>/<id>), or the message control id
  int64_t version = 0;        // FHIR version in the store; 0 for HL7v2 messages
  std::string payload;        // the resource JSON, or the ER7 message
  int attempts = 0;           // failed attempts so far
};

enum class DeliveryOutcome {
  kDelivered,  // the destination has it (2xx; MLLP AA / CA)
  kRetry,      // may succeed later: connection failure, timeout, 5xx, 408, 429; MLLP AE / CE
  kRejected,   // will never succeed as it is: other 4xx; MLLP AR / CR. Dead-lettered at once.
};

struct DeliveryResult {
  DeliveryOutcome outcome = DeliveryOutcome::kRetry;
  std::string detail;  // for the outbox row and the logs: status, error code; never PHI
};

class PushTransport {
 public:
  virtual ~PushTransport() = default;
  // Called from one worker thread per destination. Must not throw for delivery failures.
  virtual DeliveryResult deliver(const OutboxItem& item) = 0;
};

}  // namespace titrate::push
