#include "tools/pump_sim/vitals.h"

#include <algorithm>
#include <cmath>

namespace titrate::pump_sim {
namespace {

// Where the scenarios drive the readings at their peak: past the alert limits of
// config/pump-control.json (systolic above 180, diastolic above 110, SpO2 below 92).
constexpr double kHypertensiveSystolic = 196, kHypertensiveDiastolic = 118;
constexpr double kHypoxicSpo2 = 86;

int round_to_int(double v) {
  return static_cast<int>(std::lround(v));
}

}  // namespace

double excursion(double phase) {
  if (phase < 0.15 || phase > 0.85) return 0;
  if (phase < 0.35) return (phase - 0.15) / 0.20;
  if (phase <= 0.60) return 1;
  return (0.85 - phase) / 0.25;
}

VitalsGenerator::VitalsGenerator(uint64_t seed, int bed)
    : rng_(seed * 1000003ULL + static_cast<uint64_t>(bed) * 7919ULL + 17) {
  std::uniform_int_distribution<int> hr(64, 84), sys(112, 132), dia(68, 82), rr(12, 17),
      spo2(96, 99);
  baseline_.heart_rate = hr(rng_);
  baseline_.systolic = sys(rng_);
  baseline_.diastolic = dia(rng_);
  baseline_.respiratory_rate = rr(rng_);
  baseline_.spo2 = spo2(rng_);
}

// One step of a mean-reverting walk, kept within +-limit.
double VitalsGenerator::walk(double& state, double step, double limit) {
  std::normal_distribution<double> noise(0.0, step);
  state = std::clamp(state * 0.85 + noise(rng_), -limit, limit);
  return state;
}

Vitals VitalsGenerator::next(Scenario scenario, double phase) {
  const bool infusing = phase >= 0 && phase <= 1.2;
  const double pull = phase >= 0 ? excursion(phase) : 0;
  // Measurement noise, bounded so that a normal patient never trips an alert rule.
  std::normal_distribution<double> normal(0.0, 1.0);
  auto measurement = [&](std::mt19937_64& rng) { return std::clamp(normal(rng), -2.5, 2.5); };

  // Ketamine raises heart rate and blood pressure a little while it runs.
  double hr = baseline_.heart_rate + walk(hr_, 2.0, 8) + (infusing ? 5 : 0);
  double sys = baseline_.systolic + walk(sys_, 3.0, 12) + (infusing ? 8 : 0);
  double dia = baseline_.diastolic + walk(dia_, 2.0, 8) + (infusing ? 5 : 0);
  double rr = baseline_.respiratory_rate + walk(rr_, 0.6, 2);
  double spo2 = baseline_.spo2 + walk(spo2_, 0.5, 1.5);

  if (scenario == Scenario::kHypertension) {
    sys += pull * (kHypertensiveSystolic - sys);
    dia += pull * (kHypertensiveDiastolic - dia);
    hr += pull * 12;
  } else if (scenario == Scenario::kSpo2Drop) {
    spo2 += pull * (kHypoxicSpo2 - spo2);
    rr += pull * 4;
    hr += pull * 10;
  }
  Vitals v;
  v.heart_rate = std::clamp(round_to_int(hr + measurement(rng_) * 1.5), 40, 180);
  v.systolic = std::clamp(round_to_int(sys + measurement(rng_) * 2.0), 70, 240);
  v.diastolic = std::clamp(round_to_int(dia + measurement(rng_) * 1.5), 40, 140);
  v.diastolic = std::min(v.diastolic, v.systolic - 20);
  v.mean_pressure = round_to_int(v.diastolic + (v.systolic - v.diastolic) / 3.0);
  v.respiratory_rate = std::clamp(round_to_int(rr + measurement(rng_) * 0.5), 6, 40);
  v.spo2 = std::clamp(round_to_int(spo2 + measurement(rng_) * 0.6), 70, 100);
  return v;
}

}  // namespace titrate::pump_sim
