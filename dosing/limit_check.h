#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dosing/dose_calculation.h"
#include "dosing/drug_library.h"
#include "dosing/finding.h"

// The entry's limits on one infusion (hard -> rejected, soft -> held unless overridden), and
// the rules across infusions: cumulative mg per infusion, day and course, the series length,
// the course length in consecutive days and the minimum time between infusions (rejected).
// Every bound is inclusive: a value equal to a limit is within it.
namespace titrate::dosing {

// An infusion planned earlier for the patient (any order), as the module remembers it.
struct PriorInfusion {
  std::string plan_id;
  std::string order_id;
  int number = 0;  // infusion number within its order
  std::string drug;
  int64_t time_us = 0;
  int64_t day = 0;  // local calendar day (clock::local_day)
  model::Decimal mg;
  bool operator==(const PriorInfusion&) const = default;
};

Findings check_limits(const DrugEntry& entry, const Calculation& calculation);

struct SeriesContext {
  int infusion_number = 1;
  std::optional<int> order_count;  // the order's timing.count
  int64_t now_us = 0;
  int64_t today = 0;
  const std::vector<PriorInfusion>* prior = nullptr;  // earlier infusions of the patient
};

Findings check_series(const DrugEntry& entry, const decimal::Exact& dose_mg,
                      const SeriesContext& context);

}  // namespace titrate::dosing
