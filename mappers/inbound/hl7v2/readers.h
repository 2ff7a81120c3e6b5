#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/values.h"
#include "mappers/inbound/hl7v2/composite.h"
#include "mappers/inbound/hl7v2/mapping_context.h"

// Scalar values read at a location. A malformed value is an issue located at the element
// (102 data type error, 103 unknown unit, 101 missing unit) and yields nullopt; an absent
// value yields nullopt silently (the caller knows whether it was required). `what` names the
// rule in the issue text ("dose amount"), never the value.
namespace titrate::inbound {

// TS/DTM (the DTM is the first part) -> FHIR dateTime, with the profile's offset rules.
std::optional<model::DateTime> read_datetime(MapContext&, const Located&, std::string_view what);
// The date part only.
std::optional<model::DateTime> read_date(MapContext&, const Located&, std::string_view what);
// NM (the first part; surrounding spaces allowed).
std::optional<model::Decimal> read_decimal(MapContext&, const Located&, std::string_view what);
// A non-negative whole number (TQ1-14 total occurrences).
std::optional<int> read_count(MapContext&, const Located&, std::string_view what);
// A CWE unit -> UCUM through the profile's unit map: its identifier, else (when that is empty,
// a bare number, or unknown) its text. Unknown: 103 at the identifier.
std::optional<std::string> read_unit(MapContext&, const Located& unit, std::string_view what);
// Amount and unit -> Quantity: nullopt without an amount; 101 when the unit is missing.
std::optional<model::Quantity> read_quantity(MapContext&, const Located& amount,
                                             const Located& unit, std::string_view what);
// A CQ (quantity^unit, e.g. TQ1-13 "40^min") -> Quantity.
std::optional<model::Quantity> read_cq(MapContext&, const Located& cq, std::string_view what);

// The part of a Located element as its own Located (CQ.2 is a CWE one level down).
Located part_of(const Located& element, size_t n);

}  // namespace titrate::inbound
