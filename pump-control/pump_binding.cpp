#include "pump-control/pump_binding.h"

#include <tuple>

namespace titrate::pump_control {
namespace {

std::string_view trim_empty_components(std::string_view s) {
  while (!s.empty() && s.back() == '^') s.remove_suffix(1);
  return s;
}

struct Candidate {
  std::string id;
  int fit = 0;
  bool registered = false;
};

}  // namespace

int location_fit(std::string_view binding_key, std::string_view location) {
  binding_key = trim_empty_components(binding_key);
  location = trim_empty_components(location);
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
                                     const std::vector<RegisteredPump>& registry,
                                     const std::vector<LearnedDevice>& learned,
                                     const std::function<bool(const std::string&)>& busy) {
  auto is_registered = [&](std::string_view id) {
    for (const RegisteredPump& p : registry) {
      if (p.id == id) return true;
    }
    return false;
  };
  if (!plan.device.empty()) {
    if (is_registered(plan.device)) return plan.device;
    for (const LearnedDevice& d : learned) {
      if (d.id == plan.device) return plan.device;
    }
  }
  std::vector<Candidate> candidates;
  for (const RegisteredPump& p : registry) {
    if (const int fit = location_fit(p.location, plan.location)) {
      candidates.push_back({p.id, fit, true});
    }
  }
  for (const LearnedDevice& d : learned) {
    if (is_registered(d.id)) continue;
    if (const int fit = location_fit(d.location, plan.location)) {
      candidates.push_back({d.id, fit, false});
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
