#include "pump-control/pump_binding.h"

#include <algorithm>
#include <tuple>

namespace titrate::pump_control {
namespace {

struct Candidate {
  std::string id;
  int fit = 0;
  bool registered = false;
};

}  // namespace

int location_fit(std::string_view binding_key, std::string_view location) {
  binding_key = location_key(binding_key);
  location = location_key(location);
  if (binding_key.empty() || location.empty()) return 0;
  if (location.size() < binding_key.size() ||
      location.substr(0, binding_key.size()) != binding_key) {
    return 0;
  }
  if (location.size() > binding_key.size() && location[binding_key.size()] != '^') return 0;
  int components = 1;
  for (char c : binding_key) components += c == '^';
  return components;
}

std::optional<std::string> bind_pump(const model::DosingPlan& plan,
                                     const std::vector<RegisteredPump>& registry, PumpState& state,
                                     const std::function<bool(const std::string&)>& busy) {
  auto is_registered = [&](std::string_view id) {
    for (const RegisteredPump& p : registry) {
      if (p.id == id) return true;
    }
    return false;
  };
  if (!plan.device.empty() && (is_registered(plan.device) || state.learned_device(plan.device))) {
    return plan.device;
  }
  std::vector<Candidate> candidates;
  int registered_fit = 0;
  for (const RegisteredPump& p : registry) {
    if (const int fit = location_fit(p.location, plan.location)) {
      candidates.push_back({p.id, fit, true});
      registered_fit = std::max(registered_fit, fit);
    }
  }
  // The learned keys that fit are the location's whole-component prefixes; one shorter than a
  // registered pump's key cannot win. A prefix ending in an empty component is no key (keys
  // have none), and its shorter form was looked up already.
  const std::string_view location = location_key(plan.location);
  int components = 0;
  for (size_t end = 0; end <= location.size(); ++end) {
    if (end < location.size() && location[end] != '^') continue;
    ++components;
    const std::string_view prefix = location.substr(0, end);
    if (components < registered_fit || prefix.empty() || prefix.back() == '^') continue;
    for (std::string& id : state.devices_at(prefix)) {
      if (!is_registered(id)) candidates.push_back({std::move(id), components, false});
    }
  }
  const Candidate* best = nullptr;
  bool best_busy = false;
  for (const Candidate& c : candidates) {
    const bool c_busy = busy(c.id);
    // Larger fit, then idle, then registered, then smaller id.
    auto rank = [](const Candidate& x, bool x_busy) {
      return std::make_tuple(x.fit, !x_busy, x.registered);
    };
    if (!best || rank(c, c_busy) > rank(*best, best_busy) ||
        (rank(c, c_busy) == rank(*best, best_busy) && c.id < best->id)) {
      best = &c;
      best_busy = c_busy;
    }
  }
  if (!best) return std::nullopt;
  return best->id;
}

}  // namespace titrate::pump_control
