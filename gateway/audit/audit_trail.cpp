#include "gateway/audit/audit_trail.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "gateway/audit/audit_index.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"

namespace titrate::audit {
namespace {

std::string random_prefix() {
  std::random_device device;
  char text[16];
  std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(device()));
  return text;
}

}  // namespace

AuditTrail::AuditTrail(store::ResourceStore& store, AuditTrailOptions options)
    : store_(store), options_(std::move(options)), id_prefix_(random_prefix()) {
  options_.queue_limit = std::max<size_t>(1, options_.queue_limit);
  options_.max_batch = std::max<size_t>(1, options_.max_batch);
  writer_ = std::thread([this] { run(); });
}

AuditTrail::~AuditTrail() {
  stop();
}

void AuditTrail::record(model::AuditRecord record) {
  if (record.recorded_us == 0) record.recorded_us = clock::now_us();
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < options_.queue_limit || stopping_; });
  queue_.push_back(std::move(record));
  ++recorded_;
  // Only the writer waits for an empty queue to fill; waking it once per batch, not per record,
  // keeps recording a queue push (no system call) while the writer is busy.
  if (queue_.size() == 1) changed_.notify_all();
}

void AuditTrail::flush() {
  std::unique_lock lock(mutex_);
  const uint64_t target = recorded_;
  changed_.wait(lock, [&] { return written_ >= target || !writer_.joinable(); });
}

void AuditTrail::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  changed_.notify_all();
  if (writer_.joinable()) writer_.join();
}

AuditTrailStats AuditTrail::stats() const {
  std::lock_guard lock(mutex_);
  return {recorded_, written_, write_failures_, queue_.size()};
}

std::string AuditTrail::next_id(int64_t recorded_us) {
  char text[64];
  std::snprintf(text, sizeof text, "ae-%llx-%s-%llx", static_cast<unsigned long long>(recorded_us),
                id_prefix_.c_str(), static_cast<unsigned long long>(sequence_++));
  return text;
}

void AuditTrail::run() {
  std::vector<model::AuditRecord> batch;
  std::vector<store::ResourceWrite> writes;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything is written
      const size_t n = std::min(queue_.size(), options_.max_batch);
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<ptrdiff_t>(n)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    }
    changed_.notify_all();  // room in the queue
    writes.clear();
    for (const model::AuditRecord& record : batch) {
      const std::string id = next_id(record.recorded_us);
      writes.push_back({"AuditEvent", id,
                        outbound::fhir::audit_event_json(record, id, options_.source),
                        audit_index_entries(record)});
    }
    for (int attempt = 0;; ++attempt) {
      try {
        store_.put_all(writes);
        break;
      } catch (const std::exception& e) {
        {
          std::lock_guard lock(mutex_);
          ++write_failures_;
        }
        TITRATE_LOG_ERROR("audit: writing %zu records failed (attempt %d), retrying: %s",
                          writes.size(), attempt + 1, e.what());
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::min(5000, 100 << std::min(attempt, 6))));
      }
    }
    {
      std::lock_guard lock(mutex_);
      written_ += batch.size();
    }
    changed_.notify_all();
  }
}

}  // namespace titrate::audit
