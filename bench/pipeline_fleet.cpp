#include "bench/pipeline_fleet.h"

#include <utility>

#include "bench/pipeline_workload.h"
#include "gateway/clock/utc_time.h"

namespace titrate::bench {

void ReportingFleet::start(bus::Bus& bus, std::string topic) {
  bus_ = &bus;
  topic_ = std::move(topic);
  for (int i = 0; i < reporters_; ++i) threads_.emplace_back([this] { run(); });
}

void ReportingFleet::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

pump_control::ProgramResult ReportingFleet::program(const pump_control::PumpProgram& program) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(program);
  }
  wake_.notify_one();
  return {pump_control::ProgramResult::Outcome::kAccepted, "", ""};
}

uint64_t ReportingFleet::programs() const {
  std::lock_guard lock(mutex_);
  return programs_;
}

void ReportingFleet::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    const pump_control::PumpProgram program = std::move(queue_.front());
    queue_.pop_front();
    const int session = static_cast<int>(programs_++);
    lock.unlock();
    try {
      for (const bus::Event& event :
           start_and_complete(program, session, clock::now_us(), with_location_)) {
        bus_->publish(topic_, event);
      }
    } catch (...) {
      lock.lock();
      if (!failure_) failure_ = std::current_exception();
      return;
    }
    lock.lock();
  }
}

}  // namespace titrate::bench
