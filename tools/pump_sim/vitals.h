#pragma once

#include <cstdint>
#include <random>

#include "tools/pump_sim/scenario.h"

// A bedside monitor's vital signs: a seeded, mean-reverting random walk around a per-bed
// baseline, with measurement noise, a small rise while ketamine runs, and the scenario's
// excursion (hypertension, SpO2 drop) over the middle of the infusion.
namespace titrate::pump_sim {

struct Vitals {
  int heart_rate = 0;        // /min
  int systolic = 0;          // mm[Hg]
  int diastolic = 0;         // mm[Hg]
  int mean_pressure = 0;     // mm[Hg]
  int respiratory_rate = 0;  // /min
  int spo2 = 0;              // %
};

// How far into the infusion a reading is: its simulated time since the start over the planned
// duration (0 at the start, 1 at the planned end); nullopt-like negative when none runs.
inline constexpr double kNoInfusion = -1.0;

// The scenario's pull towards its extreme at `phase`: 0 before 15 % of the planned duration,
// rising to 1 at 35 %, held to 60 %, back to 0 at 85 %.
double excursion(double phase);

class VitalsGenerator {
 public:
  VitalsGenerator(uint64_t seed, int bed);

  // The next reading, one simulated minute after the previous one.
  Vitals next(Scenario scenario, double phase);
  const Vitals& baseline() const { return baseline_; }

 private:
  double walk(double& state, double step, double limit);
  std::mt19937_64 rng_;
  Vitals baseline_;
  double hr_ = 0, sys_ = 0, dia_ = 0, rr_ = 0, spo2_ = 0;  // deviations from the baseline
};

}  // namespace titrate::pump_sim
