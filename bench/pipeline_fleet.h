// The end-to-end benchmark's pump fleet: accepts every PCD-03 program at once and, on a thread of
// its own (as a pump reports asynchronously), publishes the infusion's PCD-10 delivery start and
// delivery complete to the pump-events topic, so each order runs through to a completed
// administration without the driver waiting between phases. Several reporter threads, like the
// driver's several publishers: one program's two events go out in order from one thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gateway/bus/bus.h"
#include "pump-control/pump_programmer.h"

namespace titrate::bench {

class ReportingFleet final : public pump_control::PumpProgrammer {
 public:
  ReportingFleet(bool with_location, int reporters)
      : with_location_(with_location), reporters_(reporters) {}
  ~ReportingFleet() override { stop(); }
  ReportingFleet(const ReportingFleet&) = delete;
  ReportingFleet& operator=(const ReportingFleet&) = delete;

  // Starts reporting to `topic` on the started `bus`, which must outlive stop().
  void start(bus::Bus& bus, std::string topic);
  // Reports what is queued, then stops; rethrows a publish failure.
  void stop();

  pump_control::ProgramResult program(const pump_control::PumpProgram& program) override;
  // Programs taken up for reporting so far.
  uint64_t programs() const;

 private:
  void run();

  const bool with_location_;
  const int reporters_;
  bus::Bus* bus_ = nullptr;
  std::string topic_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<pump_control::PumpProgram> queue_;
  uint64_t programs_ = 0;  // also numbers the sessions' event ids
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> threads_;
};

}  // namespace titrate::bench
