// The push outbox: what Titrate owes each EHR destination, in the journal's SQLite database, so
// an enqueued item survives a crash. One row per (destination, resource type, resource id,
// version); HL7v2 messages use their control id as the resource id and version 0.
//
// Delivery order is the order of enqueueing, per destination, with one twist: when several
// versions of one resource are pending, only the newest is pushed (at the place of the oldest),
// and the older ones become `superseded` once it is delivered or dead. A version older than one
// already enqueued is stored as `superseded` at once, so versions never go backwards at the EHR.
// Safe to call from any thread; every write is durable on return.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace titrate::store {

enum class OutboxState { kPending, kDelivered, kDead, kSuperseded };  // stored as "pending" / ...

std::string_view to_string(OutboxState state);
std::optional<OutboxState> outbox_state_from(std::string_view text);

// A new item. `kind` says how it is delivered: "fhir" (PUT) or "hl7v2" (MLLP).
struct OutboxEntry {
  std::string destination, kind, resource_type, resource_id;
  int64_t version = 0;
  std::string payload;
};

struct OutboxRow {
  int64_t id = 0;
  std::string destination, kind, resource_type, resource_id;
  int64_t version = 0;
  OutboxState state = OutboxState::kPending;
  int attempts = 0;
  int64_t next_attempt_us = 0;
  std::string last_error;  // status or error code, never PHI
  int64_t created_us = 0, updated_us = 0;
  std::string payload;  // filled by claim() only
};

// The due items of a destination, in delivery order, and when the next one falls due.
struct OutboxClaim {
  std::vector<OutboxRow> due;
  std::optional<int64_t> next_due_us;  // the first pending item not yet due; nullopt: none
};

struct OutboxQuery {
  std::optional<std::string> destination;
  std::optional<OutboxState> state;
  int64_t after_id = 0;  // paging: rows with a greater id, oldest first
  size_t limit = 100;
};

// How a failed item is retried: the wait after the nth failure is `initial` doubled n-1 times,
// at most `max`, and then drawn uniformly from its upper half (jitter, so that destinations
// coming back are not hit by every item at once). Dead after `max_attempts` failures.
struct OutboxRetryPolicy {
  std::chrono::milliseconds initial{500};
  std::chrono::milliseconds max{60000};
  int max_attempts = 10;
};

struct OutboxOptions {
  std::string path;  // the journal's SQLite database (its directory must exist)
  bool durable = true;
  int busy_timeout_ms = 10000;
};

class Outbox {
 public:
  // Opens the database, creating the journal's and the outbox's tables. Throws JournalError.
  explicit Outbox(const OutboxOptions& options);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // All entries in one transaction; an entry already present (same destination, type, id and
  // version) is left as it is. Returns how many were new.
  size_t enqueue(const std::vector<OutboxEntry>& entries, int64_t now_us);

  // At most `limit` pending items of `destination` to deliver now, in delivery order, stopping
  // at the first that is not due (an item waiting for its retry holds back those after it).
  OutboxClaim claim(std::string_view destination, int64_t now_us, size_t limit);

  // Delivered: older pending versions of the same resource become superseded.
  void mark_delivered(int64_t id, int64_t now_us);
  // attempts + 1; pending with the next attempt by the policy's backoff, or dead when attempts
  // reach max_attempts. Returns the new state.
  OutboxState mark_failed(int64_t id, std::string_view error, const OutboxRetryPolicy& policy,
                          int64_t now_us);
  // attempts + 1 and dead at once (the destination rejected the item).
  void mark_dead(int64_t id, std::string_view error, int64_t now_us);

  // Oldest first; payloads are not read.
  std::vector<OutboxRow> list(const OutboxQuery& query) const;
  std::optional<OutboxRow> get(int64_t id) const;
  // A dead item back to pending, due now, attempts 0. False when it is not dead.
  bool retry(int64_t id, int64_t now_us);
  // Every dead item (of one destination, or of all): back to pending. Returns how many.
  size_t retry_dead(const std::optional<std::string>& destination, int64_t now_us);
  // Item counts per destination and state.
  std::map<std::string, std::map<OutboxState, size_t>> counts() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace titrate::store
