#include "connectors/push/push_worker.h"

#include <algorithm>
#include <exception>

#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"

namespace titrate::push {
namespace {

// After a database failure the round is tried again after this long.
constexpr std::chrono::milliseconds kStoreFailureWait{1000};

OutboxItem to_item(const store::OutboxRow& row) {
  OutboxItem item;
  item.id = row.id;
  item.destination = row.destination;
  item.resource_type = row.resource_type;
  item.resource_id = row.resource_id;
  item.version = row.version;
  item.payload = row.payload;
  item.attempts = row.attempts;
  return item;
}

}  // namespace

PushWorker::PushWorker(store::Outbox& outbox, std::unique_ptr<PushTransport> transport,
                       PushWorkerOptions options)
    : outbox_(outbox), transport_(std::move(transport)), options_(std::move(options)) {
  if (!options_.now_us) options_.now_us = &clock::now_us;
}

PushWorker::~PushWorker() {
  stop();
}

void PushWorker::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void PushWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PushWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

PushWorkerStats PushWorker::stats() const {
  return {delivered_.load(), retried_.load(), dead_.load()};
}

void PushWorker::run() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;  // an enqueue from here on is seen by this round or wakes the next
    }
    std::chrono::milliseconds wait = options_.idle_recheck;
    try {
      if (const std::optional<int64_t> next_us = round()) {
        const int64_t until_us = std::max<int64_t>(0, *next_us - options_.now_us());
        wait = std::min(wait, std::chrono::milliseconds((until_us + 999) / 1000));
      }
    } catch (const std::exception& e) {
      TITRATE_LOG_ERROR("push %s: outbox failure, trying again: %s", options_.destination.c_str(),
                        e.what());
      wait = kStoreFailureWait;
    }
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
  }
}

std::optional<int64_t> PushWorker::round() {
  for (;;) {
    const store::OutboxClaim claim =
        outbox_.claim(options_.destination, options_.now_us(), options_.batch);
    if (claim.due.empty()) return claim.next_due_us;
    for (const store::OutboxRow& row : claim.due) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return std::nullopt;
      }
      const DeliveryResult result = transport_->deliver(to_item(row));
      record(row, result);
      if (options_.on_attempt) options_.on_attempt(row, result);
      // The items after a retried one wait for it.
      if (result.outcome == DeliveryOutcome::kRetry) {
        return outbox_.get(row.id).value_or(row).next_attempt_us;
      }
    }
  }
}

void PushWorker::record(const store::OutboxRow& row, const DeliveryResult& result) {
  const char* destination = options_.destination.c_str();
  const int64_t now = options_.now_us();
  switch (result.outcome) {
    case DeliveryOutcome::kDelivered:
      outbox_.mark_delivered(row.id, now);
      ++delivered_;
      TITRATE_LOG_DEBUG("push %s: item %lld %s/%s version %lld delivered (%s)", destination,
                        static_cast<long long>(row.id), row.resource_type.c_str(),
                        row.resource_id.c_str(), static_cast<long long>(row.version),
                        result.detail.c_str());
      return;
    case DeliveryOutcome::kRetry:
      if (outbox_.mark_failed(row.id, result.detail, options_.retry, now) ==
          store::OutboxState::kDead) {
        ++dead_;
        TITRATE_LOG_ERROR("push %s: item %lld %s/%s dead after %d attempts: %s", destination,
                          static_cast<long long>(row.id), row.resource_type.c_str(),
                          row.resource_id.c_str(), row.attempts + 1, result.detail.c_str());
      } else {
        ++retried_;
        TITRATE_LOG_WARN("push %s: item %lld %s/%s attempt %d failed, will retry: %s", destination,
                         static_cast<long long>(row.id), row.resource_type.c_str(),
                         row.resource_id.c_str(), row.attempts + 1, result.detail.c_str());
      }
      return;
    case DeliveryOutcome::kRejected:
      outbox_.mark_dead(row.id, result.detail, now);
      ++dead_;
      TITRATE_LOG_ERROR("push %s: item %lld %s/%s rejected, dead-lettered: %s", destination,
                        static_cast<long long>(row.id), row.resource_type.c_str(),
                        row.resource_id.c_str(), result.detail.c_str());
      return;
  }
}

}  // namespace titrate::push
