#include "gateway/bus/outbox_relay.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "gateway/bus/backoff.h"
#include "gateway/bus/wakeup.h"
#include "gateway/log/log.h"
#include "gateway/store/bus_connection.h"
#include "gateway/store/exception_text.h"
#include "gateway/store/journal.h"

namespace titrate::bus {

class OutboxRelay::Impl {
 public:
  Impl(OutboxRelayOptions options, Bus& target)
      : options_(std::move(options)), target_(target), connection_(open()) {
    options_.batch = std::max<size_t>(options_.batch, 1);
    load_cursor();
  }

  ~Impl() { stop(); }

  void start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    wakeup_.restart();
    thread_ = std::thread([this] { run(); });
  }

  void stop() {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return;
    wakeup_.stop();
    thread_.join();
  }

  void wake() { wakeup_.notify(); }

  OutboxRelayStats stats() const {
    return {forwarded_.load(std::memory_order_relaxed),
            publish_failures_.load(std::memory_order_relaxed),
            undecodable_.load(std::memory_order_relaxed)};
  }

 private:
  store::detail::BusConnection open() {
    try {
      return store::detail::BusConnection(
          {options_.path, options_.durable, /*read_only=*/false, options_.busy_timeout_ms});
    } catch (const store::JournalError& e) {
      throw BusError(std::string("outbox relay: ") + e.what());
    }
  }

  void load_cursor() {
    for (const std::string& topic : options_.topics) {
      cursor_[topic] = connection_.tables().next_seq(options_.group, topic).value_or(0);
    }
  }

  void run() {
    wakeup_.poll_until_stopped(
        options_.poll_interval, std::max(options_.poll_interval, options_.initial_backoff),
        [this] {
          const std::vector<store::BusLogRow> rows =
              connection_.tables().read_after(cursor_, options_.batch);
          if (rows.empty()) return false;
          forward(rows);
          return true;
        },
        [this](const std::exception& e) {  // the store; read again from the stored cursor
          TITRATE_LOG_ERROR("outbox relay: %s", e.what());
          load_cursor();
        });
  }

  // Publishes the rows in order; stores the cursor after the batch, or before a row the target
  // refuses while stopping.
  void forward(const std::vector<store::BusLogRow>& rows) {
    std::map<std::string, int64_t> advanced;
    for (const store::BusLogRow& row : rows) {
      model::ModelJsonError error;
      std::optional<Event> event = decode_event(row.payload, &error);
      if (!event) {
        // Written by this program, so never expected; kept in bus_log for inspection.
        TITRATE_LOG_ERROR("outbox relay: skipping undecodable event at seq %lld (%s)",
                          static_cast<long long>(row.seq), error.to_string().c_str());
        undecodable_.fetch_add(1, std::memory_order_relaxed);
      } else if (!publish(row, *event)) {
        break;  // stopping
      }
      advanced[row.topic] = row.seq + 1;
    }
    store_cursor(advanced);
  }

  // Retries with backoff while the target fails; false when stop() interrupted.
  bool publish(const store::BusLogRow& row, const Event& event) {
    for (int failures = 1;; ++failures) {
      try {
        target_.publish(row.topic, event);
        forwarded_.fetch_add(1, std::memory_order_relaxed);
        if (failures > 1) TITRATE_LOG_INFO("outbox relay: target accepts events again");
        return true;
      } catch (...) {
        publish_failures_.fetch_add(1, std::memory_order_relaxed);
        if (failures == 1) {
          // Once per outage; the event is named by id only.
          TITRATE_LOG_ERROR("outbox relay: cannot publish event %s to %s, retrying: %s",
                            event.event_id.c_str(), row.topic.c_str(),
                            store::exception_text(std::current_exception()).c_str());
        }
      }
      if (wakeup_.sleep(backoff_delay(options_.initial_backoff, options_.max_backoff, failures))) {
        return false;
      }
    }
  }

  void store_cursor(const std::map<std::string, int64_t>& advanced) {
    if (advanced.empty()) return;
    store::detail::BusTables& tables = connection_.tables();
    tables.begin();
    try {
      for (const auto& [topic, next_seq] : advanced) {
        tables.set_next_seq(options_.group, topic, next_seq);
      }
      tables.commit();
    } catch (...) {
      tables.rollback();
      throw;
    }
    for (const auto& [topic, next_seq] : advanced) cursor_[topic] = next_seq;
  }

  OutboxRelayOptions options_;
  Bus& target_;
  store::detail::BusConnection connection_;  // the relay thread's, after construction
  std::map<std::string, int64_t> cursor_;
  detail::Wakeup wakeup_;
  std::mutex mutex_;  // start/stop
  std::thread thread_;
  std::atomic<uint64_t> forwarded_{0}, publish_failures_{0}, undecodable_{0};
};

OutboxRelay::OutboxRelay(OutboxRelayOptions options, Bus& target)
    : impl_(std::make_unique<Impl>(std::move(options), target)) {}
OutboxRelay::~OutboxRelay() = default;

void OutboxRelay::start() {
  impl_->start();
}

void OutboxRelay::stop() {
  impl_->stop();
}

void OutboxRelay::wake() {
  impl_->wake();
}

OutboxRelayStats OutboxRelay::stats() const {
  return impl_->stats();
}

}  // namespace titrate::bus
