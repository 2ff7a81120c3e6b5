#include "dosing/dosing_engine.h"

#include <algorithm>

#include "dosing/dose_calculation.h"
#include "dosing/library_lookup.h"
#include "dosing/screening.h"
#include "dosing/weight_selection.h"
#include "gateway/clock/date_time.h"

namespace titrate::dosing {
namespace {

using Effect = Finding::Effect;

bool has(const Findings& findings, Effect effect) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return f.effect == effect; });
}

std::vector<model::Reason> reasons(const Findings& findings,
                                   std::initializer_list<Effect> effects) {
  std::vector<model::Reason> out;
  for (Effect effect : effects) {
    for (const Finding& f : findings) {
      if (f.effect == effect) out.push_back(f.reason);
    }
  }
  return out;
}

// Calendar days (per-day and course rules) are those of the order's sender: the UTC offset of
// the order's authored time, else UTC.
int sender_offset(const model::InfusionOrder& order) {
  const std::optional<clock::Instant> authored = clock::parse_date_time(order.authored);
  return authored && authored->has_time ? authored->offset_minutes : 0;
}

}  // namespace

std::string order_id(const model::InfusionOrder& order) {
  const model::Identifier& id = order.placer.empty() ? order.filler : order.placer;
  return id.system + "|" + id.value;
}

std::string location_key(const model::PatientContext& patient) {
  if (!patient.visit) return "";
  const model::Location& l = patient.visit->location;
  if (l.point_of_care.empty() && l.room.empty() && l.bed.empty()) return "";
  return l.point_of_care + "^" + l.room + "^" + l.bed;
}

Decision DosingEngine::evaluate(const model::PatientContext& patient,
                                const model::InfusionOrder& order, const OrderHistory& history,
                                int64_t now_us) const {
  const int offset = sender_offset(order);
  Decision decision;
  model::OrderStatusUpdate& status = decision.status;
  status.placer = order.placer;
  status.filler = order.filler;
  status.patient_id = order.patient_id;
  status.infusion_number = history.infusion_number;
  status.time = clock::format_date_time(now_us, offset);

  auto finish = [&](const Findings& findings) -> Decision& {
    if (has(findings, Effect::kReject)) {
      status.state = model::OrderState::kRejected;
      status.reasons =
          reasons(findings, {Effect::kReject, Effect::kHold, Effect::kHoldOverridable});
    } else {
      status.state = model::OrderState::kHeld;
      status.reasons = reasons(findings, {Effect::kHold, Effect::kHoldOverridable});
    }
    return decision;
  };

  const LookupResult lookup = find_entry(library_, order);
  if (!lookup.entry) return finish({*lookup.problem});
  const DrugEntry& entry = *lookup.entry;

  Findings findings = screen(library_, patient);
  std::optional<model::BodyMeasurement> weight;
  if (entry.basis == DosingBasis::kMgPerKg || entry.basis == DosingBasis::kMgPerKgPerHour) {
    WeightChoice choice = select_weight(patient, now_us, library_.weight_max_age_hours);
    if (choice.problem) {
      findings.push_back(*choice.problem);
      return finish(findings);
    }
    weight = std::move(choice.weight);
  }

  Calculation calc =
      calculate(entry, order, weight ? &*weight : nullptr, lookup.concentration_from_library);
  if (calc.problem) {
    findings.push_back(*calc.problem);
    return finish(findings);
  }
  if (weight) {
    calc.weight.rule = "latest body weight in kg, at most " +
                       std::to_string(library_.weight_max_age_hours) + " h old";
  }

  for (Finding& f : check_limits(entry, calc)) findings.push_back(std::move(f));
  SeriesContext series;
  series.infusion_number = history.infusion_number;
  series.order_count = order.timing.count;
  series.now_us = now_us;
  series.today = clock::local_day(now_us, offset);
  series.prior = &history.prior;
  for (Finding& f : check_series(entry, *calc.value(Limited::kDose), series)) {
    findings.push_back(std::move(f));
  }

  const bool overridable_only = !has(findings, Effect::kReject) && !has(findings, Effect::kHold);
  if (!overridable_only || (has(findings, Effect::kHoldOverridable) && !order.limit_override)) {
    return finish(findings);
  }

  model::DosingPlan plan;
  plan.plan_id = order_id(order) + "#v" + std::to_string(history.version) + "#" +
                 std::to_string(history.infusion_number);
  plan.placer = order.placer;
  plan.filler = order.filler;
  plan.patient_id = order.patient_id;
  plan.visit_number = !order.visit_number.empty() || !patient.visit ? order.visit_number
                                                                    : patient.visit->visit_number;
  plan.location = location_key(patient);
  plan.device = order.device;
  plan.medication = order.medication;
  plan.library_entry = entry.id;
  plan.care_area = entry.care_area;
  plan.dosing_basis = std::string(basis_name(entry.basis));
  plan.concentration = entry.concentration;
  plan.weight = std::move(calc.weight);
  plan.dose = std::move(calc.dose);
  plan.dose_rate = std::move(calc.dose_rate);
  plan.infusion_rate = std::move(calc.infusion_rate);
  plan.vtbi = std::move(calc.vtbi);
  plan.duration = std::move(calc.duration);
  plan.infusion_number = history.infusion_number;
  plan.series_total = order.timing.count.value_or(0);
  plan.overridden = reasons(findings, {Effect::kHoldOverridable});
  if (!plan.overridden.empty()) plan.override_by = order.limit_override;
  plan.created = status.time;

  status.state = model::OrderState::kAccepted;
  status.reasons = plan.overridden;
  status.plan_id = plan.plan_id;
  decision.infusion =
      PriorInfusion{plan.plan_id, order_id(order), history.infusion_number, entry.drug,
                    now_us,       series.today,    plan.dose.value.value};
  decision.plan = std::move(plan);
  return decision;
}

}  // namespace titrate::dosing
