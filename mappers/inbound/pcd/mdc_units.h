#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/code_systems.h"

// The one table of IEEE 11073 MDC unit codes (MDC_DIM_*) and their UCUM equivalents, used to
// read device messages and to write PCD-03 programs.
namespace titrate::pcd {

inline constexpr std::string_view kMdcSystemName = "MDC";  // HL7 coding-system name (CWE-3)
inline constexpr std::string_view kMdcSystemUri = model::systems::kMdc;

struct MdcUnit {
  std::string_view code;   // numeric code: partition 4 x 65536 + term ("265266")
  std::string_view refid;  // "MDC_DIM_MILLI_L_PER_HR"
  std::string_view ucum;   // "mL/h"
};

// By numeric code or REFID; nullopt when the unit is not in the table.
std::optional<MdcUnit> mdc_unit(std::string_view code_or_refid);
// The MDC unit for a UCUM code; nullopt when MDC has none in the table (mg/kg/h: a known gap).
// Where two MDC units share a UCUM code (beats and breaths per minute), the first wins.
std::optional<MdcUnit> mdc_unit_for_ucum(std::string_view ucum);

// A unit CWE (OBX-6, RXG-7/16/18/24) -> UCUM. Each triplet is tried in order: an MDC triplet by
// its code, then its REFID; a UCUM triplet by its code, then its text (senders put local numbers
// such as "3122" in CWE-1); a triplet without a system by MDC code, then as UCUM. Arguments are
// unescaped texts of the six components. nullopt when nothing is recognised.
struct UnitTriplets {
  std::string code, text, system, alt_code, alt_text, alt_system;
};
std::optional<std::string> unit_to_ucum(const UnitTriplets& unit);

}  // namespace titrate::pcd
