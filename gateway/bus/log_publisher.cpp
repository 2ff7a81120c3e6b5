#include "gateway/bus/log_publisher.h"

#include "gateway/bus/bus.h"
#include "gateway/clock/utc_time.h"
#include "gateway/store/journal.h"

namespace titrate::bus::detail {

Publication make_publication(std::string_view topic, const Event& event) {
  return Publication{std::string(topic), event.key, event.event_id, event.type,
                     encode_event(event)};
}

LogPublisher::LogPublisher(const store::detail::BusConnectionOptions& options)
    : connection_(options) {}

void LogPublisher::publish(Publication publication) {
  std::unique_lock lock(mutex_);
  std::shared_ptr<Batch> mine = open_;
  mine->items.push_back(std::move(publication));
  while (!mine->done) {
    if (leading_) {
      cv_.wait(lock);
      continue;
    }
    // Lead: take everything queued (ours included) and commit it while others queue up.
    leading_ = true;
    std::shared_ptr<Batch> batch = std::exchange(open_, std::make_shared<Batch>());
    lock.unlock();
    write(*batch);
    lock.lock();
    batch->done = true;
    leading_ = false;
    ++commits_;
    cv_.notify_all();
  }
  if (!mine->error.empty()) throw BusError(mine->error);
}

uint64_t LogPublisher::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

void LogPublisher::write(Batch& batch) {
  store::detail::BusTables& tables = connection_.tables();
  try {
    const int64_t now = clock::now_us();
    tables.begin();
    for (const Publication& p : batch.items) {
      tables.append(p.topic, p.key, p.event_id, p.type, p.payload, now);
    }
    tables.commit();
  } catch (const std::exception& e) {  // every publisher of the batch hears of it
    tables.rollback();
    batch.error = "embedded bus " + connection_.path() + ": publish of " +
                  std::to_string(batch.items.size()) + " events failed: " + e.what();
  }
}

}  // namespace titrate::bus::detail
