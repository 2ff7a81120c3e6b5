#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dosing/drug_library.h"
#include "dosing/limit_check.h"
#include "gateway/model/dosing_plan.h"
#include "gateway/model/infusion_order.h"
#include "gateway/model/patient_context.h"

// The dosing decision for one infusion of one order: pure, no clock, no state.
//
// Steps: the library entry (library_lookup.h); contraindication screening; the weight for
// weight-based bases; the numbers (dose_calculation.h); the entry's limits, cumulative maxima
// and series rules (limit_check.h). Outcome: rejected if any rule rejects (all rejecting
// reasons are listed); else held if something is missing (weight, care area); else held for
// soft limits and contraindications unless the order carries a limit_override, which
// releases both (the plan lists them in `overridden`); else accepted with a plan.
namespace titrate::dosing {

struct OrderHistory {
  int version = 1;                   // the order's version (1 + the changes received)
  int infusion_number = 1;           // the infusion being decided (n of the series)
  std::vector<PriorInfusion> prior;  // the patient's earlier infusions, this one excluded
};

struct Decision {
  model::OrderStatusUpdate status;
  std::optional<model::DosingPlan> plan;  // when accepted
  std::optional<PriorInfusion> infusion;  // when accepted: what to remember for later rules
};

class DosingEngine {
 public:
  explicit DosingEngine(const DrugLibrary& library) : library_(library) {}
  Decision evaluate(const model::PatientContext& patient, const model::InfusionOrder& order,
                    const OrderHistory& history, int64_t now_us) const;

 private:
  const DrugLibrary& library_;
};

// The order's identity: "system|value" of the placer number, else of the filler number.
std::string order_id(const model::InfusionOrder& order);

// "point_of_care^room^bed" of the visit, "" without one.
std::string location_key(const model::PatientContext& patient);

}  // namespace titrate::dosing
