#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gateway/model/infusion_order.h"
#include "gateway/model/values.h"

// What the dosing module decides about an order: a plan that can be programmed into a pump,
// or a status (held, rejected, ...) with its reasons. Every number carries its provenance.
namespace titrate::model {

// One input of a computed number: its name, value and where it came from
// ("order RXE-3", "weight observation 2026-11-20T08:00:00Z", "library ketamine-mh-1mgml").
struct PlanInput {
  std::string name;
  Quantity value;
  std::string source;
  bool operator==(const PlanInput&) const = default;
};

// A computed number with the rule that produced it ("dose_rate = dose × weight ÷ duration").
struct PlanValue {
  Quantity value;
  std::string rule;
  std::vector<PlanInput> inputs;
  bool operator==(const PlanValue&) const = default;
};

// Why an order was held, rejected or changed. `code` is stable and machine-readable
// ("weight-missing", "weight-stale", "hard-limit", "soft-limit", "contraindication",
// "no-library-entry", "pump-rejected", ...); `rule` names the library or config entry
// (a JSON pointer into config/drug-library.json, or a contraindication list entry);
// `detail` is a code (ICD-10 / SNOMED / PIV ERR-5) where there is one. Never patient data.
struct Reason {
  std::string code;
  std::string message;
  std::string rule;
  Coding detail;
  bool operator==(const Reason&) const = default;
};

// One infusion, ready to program into a pump.
struct DosingPlan {
  std::string plan_id;  // stable: order identity, order version and infusion number
  Identifier placer, filler;
  Identifier patient_id;
  Identifier visit_number;
  std::string location;  // PV1-3 point of care^room^bed, as a binding key ("3W^302^1")
  std::string device;    // a pump named in the order, when one was
  CodeableConcept medication;
  std::string library_entry;       // id of the drug-library entry used
  std::string care_area;           // chronic-pain, mental-health
  std::string dosing_basis;        // mg/kg, mg/kg/h, mg/h, mg
  Ratio concentration;             // mg / mL
  PlanValue weight;                // kg (absent for mg and mg/h bases: value 0, rule says so)
  PlanValue dose;                  // mg for this infusion
  PlanValue dose_rate;             // mg/h
  PlanValue infusion_rate;         // mL/h
  PlanValue vtbi;                  // mL
  PlanValue duration;              // min
  int infusion_number = 0;         // n of m in the series
  int series_total = 0;            // m (0 when the order has no series)
  std::vector<Reason> overridden;  // soft limits acknowledged by `override_by`
  std::optional<LimitOverride> override_by;
  DateTime created;
  bool operator==(const DosingPlan&) const = default;
};

// Order status as Titrate reports it back (bus topic titrate.order-status.v1).
enum class OrderState {
  kAccepted,         // a plan was produced
  kHeld,             // needs something: weight, a clinician override, a contraindication review
  kRejected,         // a hard limit or an unusable order; the EHR must send a new one
  kCancelled,        // CA honoured
  kDiscontinued,     // DC honoured
  kOnHold,           // HD honoured
  kProgrammed,       // the pump system accepted the PCD-03 program
  kProgramRejected,  // the pump system refused it (ERR-5 code in the reason)
  kCompleted         // every infusion of the order is done
};

struct OrderStatusUpdate {
  Identifier placer, filler;
  Identifier patient_id;
  OrderState state = OrderState::kAccepted;
  std::vector<Reason> reasons;
  std::string plan_id;  // the plan this status is about, when there is one
  int infusion_number = 0;
  DateTime time;
  bool operator==(const OrderStatusUpdate&) const = default;
};

}  // namespace titrate::model
