#pragma once

#include <vector>

#include "gateway/model/dosing_plan.h"

namespace titrate::dosing {

// One problem a dosing rule found, and what it does to the order.
struct Finding {
  enum class Effect {
    kReject,          // hard limit, unusable order: the EHR must send a new order
    kHold,            // something is missing (weight, care area): no override releases it
    kHoldOverridable  // soft limit or contraindication: a clinician's override releases it
  };
  Effect effect = Effect::kReject;
  model::Reason reason;
};

using Findings = std::vector<Finding>;

inline Finding finding(Finding::Effect effect, std::string code, std::string message,
                       std::string rule, model::Coding detail = {}) {
  return Finding{effect, model::Reason{std::move(code), std::move(message), std::move(rule),
                                       std::move(detail)}};
}

}  // namespace titrate::dosing
