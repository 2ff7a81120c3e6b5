#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gateway/bus/bus.h"
#include "gateway/model/model_json.h"
#include "pump-control/pump_programmer.h"

// In-memory stand-ins for the bus handler context and the PCD-03 programmer.
namespace titrate::pump_control::test {

class FakeContext : public bus::HandlerContext {
 public:
  struct Published {
    std::string topic;
    bus::Event event;
  };
  void publish(std::string_view topic, bus::Event event) override {
    published.push_back({std::string(topic), std::move(event)});
  }
  std::optional<std::string> get_state(std::string_view space, std::string_view key) override {
    auto it = state.find({std::string(space), std::string(key)});
    if (it == state.end()) return std::nullopt;
    return it->second;
  }
  void put_state(std::string_view space, std::string_view key, std::string value) override {
    state[{std::string(space), std::string(key)}] = std::move(value);
  }

  std::vector<const bus::Event*> of_type(std::string_view type) const {
    std::vector<const bus::Event*> out;
    for (const Published& p : published) {
      if (p.event.type == type) out.push_back(&p.event);
    }
    return out;
  }
  std::vector<model::Alert> alerts() const {
    std::vector<model::Alert> out;
    for (const bus::Event* e : of_type("alert"))
      out.push_back(*model::alert_from_json(e->body, nullptr));
    return out;
  }
  std::vector<model::AdministrationEvent> administrations() const {
    std::vector<model::AdministrationEvent> out;
    for (const bus::Event* e : of_type("administration")) {
      out.push_back(*model::administration_from_json(e->body, nullptr));
    }
    return out;
  }
  std::vector<model::OrderStatusUpdate> statuses() const {
    std::vector<model::OrderStatusUpdate> out;
    for (const bus::Event* e : of_type("order-status")) {
      out.push_back(*model::order_status_from_json(e->body, nullptr));
    }
    return out;
  }
  std::vector<model::ObservationEvent> observations() const {
    std::vector<model::ObservationEvent> out;
    for (const bus::Event* e : of_type("observation")) {
      out.push_back(*model::observation_from_json(e->body, nullptr));
    }
    return out;
  }

  std::vector<Published> published;
  std::map<std::pair<std::string, std::string>, std::string> state;
};

class FakeProgrammer : public PumpProgrammer {
 public:
  ProgramResult program(const PumpProgram& program) override {
    calls.push_back(program);
    return next;
  }
  ProgramResult next{ProgramResult::Outcome::kAccepted, "", ""};
  std::vector<PumpProgram> calls;
};

}  // namespace titrate::pump_control::test
