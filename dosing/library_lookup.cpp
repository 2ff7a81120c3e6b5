#include "dosing/library_lookup.h"

#include <algorithm>

#include "dosing/quantities.h"
#include "gateway/model/units.h"

namespace titrate::dosing {
namespace {

using Effect = Finding::Effect;

bool entry_has_drug(const DrugEntry& entry, const model::CodeableConcept& medication) {
  for (const model::Coding& want : entry.codes) {
    for (const model::Coding& have : medication.codings) {
      if (want.system == have.system && want.code == have.code) return true;
    }
  }
  return false;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

struct CareArea {
  std::string name;
  std::string source;
  std::optional<Finding> problem;
};

CareArea choose_care_area(const DrugLibrary& library, const std::vector<const DrugEntry*>& drug,
                          const model::InfusionOrder& order) {
  if (!order.care_area.empty()) return {order.care_area, "order", std::nullopt};
  std::vector<std::string> by_indication;
  std::string source;
  for (const model::CodeableConcept& indication : order.indications) {
    for (const model::Coding& coding : indication.codings) {
      for (const IndicationRule& rule : library.care_area_by_indication) {
        if (!code_matches(rule.match, coding)) continue;
        if (by_indication.empty()) source = "indication " + coding.system + "|" + coding.code;
        add_unique(by_indication, rule.care_area);
        break;
      }
    }
  }
  if (by_indication.size() == 1) return {by_indication.front(), source, std::nullopt};
  if (by_indication.size() > 1) {
    return {"", "",
            finding(Effect::kHold, "care-area-unknown",
                    "the order's indications map to more than one care area; the order must "
                    "name its care area",
                    "/care_area_by_indication")};
  }
  std::vector<std::string> areas;
  for (const DrugEntry* e : drug) add_unique(areas, e->care_area);
  if (areas.size() == 1) return {areas.front(), "library", std::nullopt};
  return {"", "",
          finding(Effect::kHold, "care-area-unknown",
                  "the order names no care area and no indication maps to one",
                  "/care_area_by_indication")};
}

}  // namespace

bool order_offers(DosingBasis basis, const model::InfusionOrder& order) {
  switch (basis) {
    case DosingBasis::kMgPerKg:
      return order.dose && is_per_body_mass(order.dose->unit) &&
             units::same_dimension(order.dose->unit, "mg/kg");
    case DosingBasis::kMg:
      return order.dose && units::same_dimension(order.dose->unit, "mg");
    case DosingBasis::kMgPerKgPerHour:
      return order.dose_rate && is_per_body_mass(order.dose_rate->unit) &&
             units::same_dimension(order.dose_rate->unit, "mg/kg/h");
    case DosingBasis::kMgPerHour:
      return order.dose_rate && units::same_dimension(order.dose_rate->unit, "mg/h");
  }
  return false;
}

LookupResult find_entry(const DrugLibrary& library, const model::InfusionOrder& order) {
  LookupResult result;
  std::vector<const DrugEntry*> drug;
  for (const DrugEntry& e : library.entries) {
    if (entry_has_drug(e, order.medication)) drug.push_back(&e);
  }
  if (drug.empty()) {
    result.problem = finding(Effect::kReject, "no-library-entry",
                             "no drug-library entry has the order's drug code", "/entries");
    return result;
  }

  CareArea area = choose_care_area(library, drug, order);
  if (area.problem) {
    result.problem = std::move(area.problem);
    return result;
  }
  result.care_area_source = area.source;
  std::vector<const DrugEntry*> in_area;
  for (const DrugEntry* e : drug) {
    if (e->care_area == area.name) in_area.push_back(e);
  }
  if (in_area.empty()) {
    result.problem =
        finding(Effect::kReject, "no-library-entry",
                "no drug-library entry for this drug in care area " + area.name, "/entries");
    return result;
  }

  std::vector<const DrugEntry*> candidates;
  if (order.concentration) {
    const std::optional<decimal::Exact> wanted = concentration_mg_per_ml(*order.concentration);
    for (const DrugEntry* e : in_area) {
      if (wanted && *concentration_mg_per_ml(e->concentration) == *wanted) {
        candidates.push_back(e);
      }
    }
    if (candidates.empty()) {
      result.problem =
          finding(Effect::kReject, "unknown-concentration",
                  "the order's concentration matches no drug-library entry for this drug and "
                  "care area",
                  in_area.front()->pointer + "/concentration");
      return result;
    }
  } else {
    bool one_concentration = true;
    const decimal::Exact first = *concentration_mg_per_ml(in_area.front()->concentration);
    for (const DrugEntry* e : in_area) {
      one_concentration = one_concentration && *concentration_mg_per_ml(e->concentration) == first;
    }
    if (!one_concentration) {
      result.problem = finding(Effect::kReject, "concentration-missing",
                               "the order names no concentration and the library has several "
                               "for this drug and care area",
                               in_area.front()->pointer + "/concentration");
      return result;
    }
    candidates = in_area;
    result.concentration_from_library = true;
  }

  std::vector<const DrugEntry*> fitting;
  for (const DrugEntry* e : candidates) {
    if (order_offers(e->basis, order)) fitting.push_back(e);
  }
  if (fitting.empty()) {
    result.problem = finding(Effect::kReject, "dose-missing",
                             "the order gives no dose or rate in the entry's dosing basis (" +
                                 std::string(basis_name(candidates.front()->basis)) + ")",
                             candidates.front()->pointer + "/dosing_basis");
    return result;
  }
  if (fitting.size() > 1) {
    result.problem = finding(Effect::kReject, "ambiguous-library-entry",
                             "the order's dose and rate fit more than one drug-library entry (" +
                                 fitting[0]->id + ", " + fitting[1]->id + "); send one of them",
                             fitting[1]->pointer + "/dosing_basis");
    return result;
  }
  result.entry = fitting.front();
  return result;
}

}  // namespace titrate::dosing
