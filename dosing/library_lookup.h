#pragma once

#include <optional>
#include <vector>

#include "dosing/drug_library.h"
#include "dosing/finding.h"
#include "gateway/model/infusion_order.h"

// Which library entry an order is dosed by: drug code, then care area (the order's, else by
// indication, else the drug's only one), then concentration, then the dosing basis the
// order's dose or rate is written in.
namespace titrate::dosing {

struct LookupResult {
  const DrugEntry* entry = nullptr;
  std::string care_area_source;             // "order", "indication <system|code>", "library"
  bool concentration_from_library = false;  // the order named none
  std::optional<Finding> problem;           // set when entry is null
};

LookupResult find_entry(const DrugLibrary& library, const model::InfusionOrder& order);

// The order gives its dose or rate in this basis ("0.5 mg/kg" for mg/kg, "22 mg/h" for mg/h).
bool order_offers(DosingBasis basis, const model::InfusionOrder& order);

}  // namespace titrate::dosing
