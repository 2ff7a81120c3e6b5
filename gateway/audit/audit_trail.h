#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "gateway/model/audit_record.h"
#include "gateway/store/resource_store.h"
#include "mappers/outbound/fhir/audit_event.h"

// The audit trail: every record becomes an AuditEvent in the audit store, written by one thread
// in batches (one transaction each: group commit), so recording costs the caller a queue push.
// Nothing is dropped: a full queue makes record() wait, and a failed write is retried (logged and
// counted) until it succeeds, so a broken audit store holds the gateway back rather than lose
// records. stop() (and the destructor) writes everything queued before returning. A crash loses
// at most the records not yet committed, the last few milliseconds'.
namespace titrate::audit {

struct AuditTrailOptions {
  size_t queue_limit = 65536;  // records waiting; record() blocks past it
  size_t max_batch = 512;      // records per transaction
  outbound::fhir::AuditSource source;
};

struct AuditTrailStats {
  uint64_t recorded = 0, written = 0, write_failures = 0;
  size_t queued = 0;
};

class AuditTrail {
 public:
  AuditTrail(store::ResourceStore& store, AuditTrailOptions options);
  ~AuditTrail();
  AuditTrail(const AuditTrail&) = delete;
  AuditTrail& operator=(const AuditTrail&) = delete;

  // Thread-safe. Stamps recorded_us when it is 0.
  void record(model::AuditRecord record);
  // Waits until everything recorded before the call is durable.
  void flush();
  void stop();
  AuditTrailStats stats() const;

 private:
  void run();
  std::string next_id(int64_t recorded_us);

  store::ResourceStore& store_;
  AuditTrailOptions options_;
  std::string id_prefix_;  // random per process: ids stay unique in a shared store
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<model::AuditRecord> queue_;
  uint64_t recorded_ = 0, written_ = 0, write_failures_ = 0, sequence_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace titrate::audit
