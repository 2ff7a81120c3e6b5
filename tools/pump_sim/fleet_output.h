#pragma once

#include <string>

// Where the simulated devices' messages and event lines go: the gateway link and stdout in
// `titrate pump-sim`, a recorder in the tests.
namespace titrate::pump_sim {

class FleetOutput {
 public:
  virtual ~FleetOutput() = default;
  // An HL7 v2 message for the gateway's MLLP channel; messages go out in call order.
  virtual void send(std::string message) = 0;
  // Close the connection to the gateway (the next message reconnects).
  virtual void drop_connection() = 0;
  // One line for the operator: no patient identifiers or names.
  virtual void line(std::string text) = 0;
};

}  // namespace titrate::pump_sim
