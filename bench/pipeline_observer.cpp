#include "bench/pipeline_observer.h"

#include <utility>

#include "gateway/model/model_json.h"

namespace titrate::bench {

std::vector<std::string> PipelineObserver::topics() const {
  return {topics_.order_status, topics_.administrations, topics_.alerts};
}

bus::Subscription PipelineObserver::subscription(std::string group) {
  return {std::move(group), topics(),
          [this](const bus::Event& event, bus::HandlerContext&) { see(event); }};
}

void PipelineObserver::see(const bus::Event& event) {
  if (event.type == bus::event_type::kAdministration) {
    if (++administrations_ == administrations_target_.load()) {
      std::lock_guard lock(mutex_);
      administrations_at_ = Clock::now();
    }
    return;
  }
  if (event.type == bus::event_type::kAlert) {
    ++alerts_;
    return;
  }
  if (event.type != bus::event_type::kOrderStatus) return;
  std::optional<model::OrderStatusUpdate> status =
      model::order_status_from_json(event.body, nullptr);
  if (!status) return;
  switch (status->state) {
    case model::OrderState::kProgrammed:
      if (++programmed_ == programmed_target_.load()) {
        std::lock_guard lock(mutex_);
        programmed_at_ = Clock::now();
      }
      break;
    case model::OrderState::kHeld:
    case model::OrderState::kRejected:
    case model::OrderState::kProgramRejected: {
      ++refused_;
      std::lock_guard lock(mutex_);
      if (first_refusal_.empty()) {
        first_refusal_ = std::string(model::json_name(status->state));
        for (const model::Reason& r : status->reasons) first_refusal_ += " " + r.code;
      }
      break;
    }
    default:
      break;
  }
}

void PipelineObserver::expect(uint64_t programmed, uint64_t administrations) {
  std::lock_guard lock(mutex_);
  programmed_target_ = programmed;
  administrations_target_ = administrations;
  // Targets already met (nothing left to wait for) count from now.
  if (programmed_.load() >= programmed) programmed_at_ = Clock::now();
  if (administrations_.load() >= administrations) administrations_at_ = Clock::now();
}

std::string PipelineObserver::first_refusal() const {
  std::lock_guard lock(mutex_);
  return first_refusal_;
}

PipelineObserver::Clock::time_point PipelineObserver::programmed_at() const {
  std::lock_guard lock(mutex_);
  return programmed_at_;
}

PipelineObserver::Clock::time_point PipelineObserver::administrations_at() const {
  std::lock_guard lock(mutex_);
  return administrations_at_;
}

}  // namespace titrate::bench
