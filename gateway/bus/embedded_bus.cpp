#include "gateway/bus/embedded_bus.h"

#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "gateway/bus/embedded_consumer.h"
#include "gateway/bus/log_publisher.h"
#include "gateway/bus/wakeup.h"
#include "gateway/store/journal.h"

namespace titrate::bus {

class EmbeddedBus::Impl {
 public:
  explicit Impl(EmbeddedBusOptions options) : options_(std::move(options)), publisher_(open()) {}

  ~Impl() { stop(); }

  void publish(std::string_view topic, const Event& event) {
    publisher_->publish(detail::make_publication(topic, event));
    counters_.published.fetch_add(1, std::memory_order_relaxed);
    wakeup_.notify();
  }

  void subscribe(Subscription subscription) {
    std::lock_guard lock(mutex_);
    if (running_) throw std::logic_error("embedded bus: subscribe() after start()");
    subscriptions_.push_back(std::move(subscription));
  }

  void start() {
    std::lock_guard lock(mutex_);
    if (running_) return;
    wakeup_.restart();
    std::vector<std::unique_ptr<detail::EmbeddedConsumer>> consumers;
    try {
      for (const Subscription& s : subscriptions_) {
        consumers.push_back(
            std::make_unique<detail::EmbeddedConsumer>(options_, s, wakeup_, counters_));
      }
    } catch (const store::JournalError& e) {
      throw BusError(std::string("embedded bus: cannot start: ") + e.what());
    }
    consumers_ = std::move(consumers);
    for (auto& consumer : consumers_) threads_.emplace_back([c = consumer.get()] { c->run(); });
    running_ = true;
  }

  void stop() {
    std::lock_guard lock(mutex_);
    if (!running_) return;
    wakeup_.stop();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
    consumers_.clear();
    running_ = false;
  }

  BusStats stats() const {
    BusStats s;
    s.published = counters_.published.load(std::memory_order_relaxed);
    s.consumed = counters_.consumed.load(std::memory_order_relaxed);
    s.duplicates_skipped = counters_.duplicates_skipped.load(std::memory_order_relaxed);
    s.handler_failures = counters_.handler_failures.load(std::memory_order_relaxed);
    s.dead_lettered = counters_.dead_lettered.load(std::memory_order_relaxed);
    return s;
  }

  void wake() { wakeup_.notify(); }

 private:
  std::unique_ptr<detail::LogPublisher> open() {
    try {
      return std::make_unique<detail::LogPublisher>(store::detail::BusConnectionOptions{
          options_.path, options_.durable, /*read_only=*/false, options_.busy_timeout_ms});
    } catch (const store::JournalError& e) {
      throw BusError(std::string("embedded bus: ") + e.what());
    }
  }

  EmbeddedBusOptions options_;
  std::unique_ptr<detail::LogPublisher> publisher_;
  detail::Wakeup wakeup_;
  detail::BusCounters counters_;

  std::mutex mutex_;  // start/stop/subscribe
  bool running_ = false;
  std::vector<Subscription> subscriptions_;
  std::vector<std::unique_ptr<detail::EmbeddedConsumer>> consumers_;
  std::vector<std::thread> threads_;
};

EmbeddedBus::EmbeddedBus(EmbeddedBusOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
EmbeddedBus::~EmbeddedBus() = default;

void EmbeddedBus::publish(std::string_view topic, const Event& event) {
  impl_->publish(topic, event);
}

void EmbeddedBus::subscribe(Subscription subscription) {
  impl_->subscribe(std::move(subscription));
}

void EmbeddedBus::start() {
  impl_->start();
}

void EmbeddedBus::stop() {
  impl_->stop();
}

BusStats EmbeddedBus::stats() const {
  return impl_->stats();
}

void EmbeddedBus::wake() {
  impl_->wake();
}

}  // namespace titrate::bus
