#pragma once

#include <vector>

#include "gateway/model/model_json.h"
#include "pump-control/pump_programmer.h"
#include "tests/unit/fake_handler_context.h"

// In-memory stand-ins for the bus handler context and the PCD-03 programmer.
namespace titrate::pump_control::test {

// The in-memory handler context, with the module's outputs decoded.
class FakeContext : public titrate::test::FakeHandlerContext {
 public:
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
