#include "mappers/inbound/pcd/mdc_units.h"

#include <array>

#include "gateway/model/code_systems.h"
#include "gateway/model/units.h"
#include "mappers/profile/text.h"

namespace titrate::pcd {
namespace {

// Codes from the PCD TF-2 examples and tables (domain-reference §3.5); the mg/h, mg/min, ug/h,
// ug/min and IU/h codes are partition::term pairs from TF-3 Rev 8 turned into numbers
// (4 x 65536 + term), as the TF-2 numbers are.
constexpr std::array<MdcUnit, 21> kUnits{{
    {"263762", "MDC_DIM_MILLI_L", "mL"},
    {"265266", "MDC_DIM_MILLI_L_PER_HR", "mL/h"},
    {"263890", "MDC_DIM_MILLI_G", "mg"},
    {"264306", "MDC_DIM_MILLI_G_PER_ML", "mg/mL"},
    {"265619", "MDC_DIM_MICRO_G_PER_KG_PER_MIN", "ug/kg/min"},
    {"265522", "MDC_DIM_MILLI_G_PER_HR", "mg/h"},
    {"265490", "MDC_DIM_MILLI_G_PER_MIN", "mg/min"},
    {"265523", "MDC_DIM_MICRO_G_PER_HR", "ug/h"},
    {"265491", "MDC_DIM_MICRO_G_PER_MIN", "ug/min"},
    {"267840", "MDC_DIM_X_INTL_UNIT_PER_HR", "[iU]/h"},
    {"263875", "MDC_DIM_KILO_G", "kg"},
    {"263441", "MDC_DIM_CENTI_M", "cm"},
    {"264352", "MDC_DIM_MIN", "min"},
    {"264384", "MDC_DIM_HR", "h"},
    {"264320", "MDC_DIM_X_SEC", "s"},
    {"264338", "MDC_DIM_MILLI_SEC", "ms"},
    {"266016", "MDC_DIM_MMHG", "mm[Hg]"},
    {"264864", "MDC_DIM_BEAT_PER_MIN", "/min"},
    {"264928", "MDC_DIM_RESP_PER_MIN", "/min"},
    {"262688", "MDC_DIM_PERCENT", "%"},
    {"262656", "MDC_DIM_DIMLESS", "1"},
}};

bool is_ucum_name(std::string_view system) {
  return profile::equals_ignore_case(system, "UCUM") || system == model::systems::kUcum;
}

bool is_mdc_name(std::string_view system) {
  return profile::equals_ignore_case(system, kMdcSystemName) || system == kMdcSystemUri;
}

std::optional<std::string> as_ucum(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return units::canonical_ucum(text);
}

std::optional<std::string> triplet_to_ucum(std::string_view code, std::string_view text,
                                           std::string_view system) {
  if (code.empty() && text.empty()) return std::nullopt;
  if (is_mdc_name(system)) {
    for (std::string_view key : {code, text}) {
      if (std::optional<MdcUnit> unit = mdc_unit(key)) return std::string(unit->ucum);
    }
    return std::nullopt;
  }
  if (is_ucum_name(system)) {
    if (std::optional<std::string> ucum = as_ucum(code)) return ucum;
    return as_ucum(text);
  }
  if (system.empty()) {
    if (std::optional<MdcUnit> unit = mdc_unit(code)) return std::string(unit->ucum);
    if (std::optional<std::string> ucum = as_ucum(code)) return ucum;
    return as_ucum(text);
  }
  return std::nullopt;  // a local coding system: not ours to guess
}

}  // namespace

std::optional<MdcUnit> mdc_unit(std::string_view code_or_refid) {
  if (code_or_refid.empty()) return std::nullopt;
  for (const MdcUnit& unit : kUnits) {
    if (unit.code == code_or_refid || unit.refid == code_or_refid) return unit;
  }
  return std::nullopt;
}

std::optional<MdcUnit> mdc_unit_for_ucum(std::string_view ucum) {
  for (const MdcUnit& unit : kUnits) {
    if (unit.ucum == ucum) return unit;
  }
  return std::nullopt;
}

std::optional<std::string> unit_to_ucum(const UnitTriplets& unit) {
  if (std::optional<std::string> ucum = triplet_to_ucum(unit.code, unit.text, unit.system)) {
    return ucum;
  }
  return triplet_to_ucum(unit.alt_code, unit.alt_text, unit.alt_system);
}

}  // namespace titrate::pcd
