#pragma once

#include <string_view>

#include "gateway/model/infusion_order.h"
#include "mappers/outbound/fhir/resource_writer.h"

// Titrate's extensions (fhir-profiles/titrate/StructureDefinition-<name>.json), each written as
// one object of an "extension" array the caller opens.
namespace titrate::outbound::fhir {

// Infusion n of m of an order's series; number 0 means unknown, total 0 "no series length".
struct InfusionSeries {
  int number = 0;
  int total = 0;
  bool known() const { return number > 0; }
};

// {"url": infusion-series, "extension": [{"url": "number", ...}, {"url": "total", ...}]};
// total is left out when it is 0. Write only a known() series.
void write_infusion_series(ResourceWriter& w, const InfusionSeries& series);

// {"url": care-area, "valueCode": code}. Write only a non-empty code.
void write_care_area(ResourceWriter& w, std::string_view code);

// {"url": dosing-limit-override, "extension": [reason, author, time]}: author is a logical
// reference to the Practitioner by identifier (display = family name) when it is known. Write
// only an override with a reason (the profile requires it).
void write_dosing_limit_override(ResourceWriter& w, const model::LimitOverride& override_by);

}  // namespace titrate::outbound::fhir
