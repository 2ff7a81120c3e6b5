#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "gateway/config/gateway_config.h"
#include "mappers/outbound/pcd/rgv_o15.h"
#include "pump-control/pump_programmer.h"

namespace titrate::mllp {
class MllpClient;
}

// Programs pumps through the vendor's Infusion Order Consumer: PCD-03 RGV^O15 over MLLP
// (optionally TLS), the ACK^O15 read back on the same connection.
namespace titrate::pumps {

struct Pcd03ProgrammerOptions {
  std::string endpoint;                  // "host:port" of the IOC
  std::optional<config::TlsConfig> tls;  // CA (and client certificate for mutual TLS)
  // Each of: connecting, sending, and waiting for the ACK^O15 (MllpClient uses one timeout
  // for all three).
  std::chrono::milliseconds timeout{10'000};
  int attempts = 3;                          // tries per program before kUnreachable
  std::chrono::milliseconds backoff{1'000};  // before the 2nd try; doubled after each failure
  pcd::RgvOptions rgv;                       // MSH-3..6, ORC-19; an empty message_time is now
};

// One connection, reused across programs and reopened after any failure. program() is
// thread-safe: programs go out one at a time. Only control ids are logged.
//
// Outcomes: ACK^O15 CA/AA -> kAccepted; CE/CR/AE/AR -> kRejected with ERR-5 code and text;
// no connection, a closed connection, no answer within the timeout, or an unreadable answer
// on every attempt -> kUnreachable with the last transport error. The same MSH-10 goes out on
// every attempt, so an IOC that did receive an earlier copy can recognise the resend. An answer
// whose MSA-2 names another control id (a late answer to an earlier program) is skipped.
// A plan that cannot be written as PCD-03 -> kRejected with an empty code and the reason.
class Pcd03Programmer : public pump_control::PumpProgrammer {
 public:
  explicit Pcd03Programmer(Pcd03ProgrammerOptions options);  // throws on a malformed endpoint
  ~Pcd03Programmer() override;
  Pcd03Programmer(const Pcd03Programmer&) = delete;
  Pcd03Programmer& operator=(const Pcd03Programmer&) = delete;

  pump_control::ProgramResult program(const pump_control::PumpProgram& program) override;

 private:
  pump_control::ProgramResult exchange(const std::string& message, const std::string& control_id);
  void disconnect();

  Pcd03ProgrammerOptions options_;
  std::string host_;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::unique_ptr<mllp::MllpClient> client_;
};

}  // namespace titrate::pumps
