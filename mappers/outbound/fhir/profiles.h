#pragma once

#include <string_view>

// The canonical urls of Titrate's FHIR profiles and extensions (fhir-profiles/titrate/). Every
// outbound resource claims its profile in meta.profile and is validated against it.
namespace titrate::outbound::fhir::profiles {

inline constexpr std::string_view kMedicationAdministration =
    "http://fhir.titrate.dev/StructureDefinition/titrate-medicationadministration";
inline constexpr std::string_view kVitalSigns =
    "http://fhir.titrate.dev/StructureDefinition/titrate-vital-signs";
inline constexpr std::string_view kPumpReading =
    "http://fhir.titrate.dev/StructureDefinition/titrate-pump-reading";
inline constexpr std::string_view kInfusionOrder =
    "http://fhir.titrate.dev/StructureDefinition/titrate-infusion-order";
inline constexpr std::string_view kInfusionAlert =
    "http://fhir.titrate.dev/StructureDefinition/titrate-infusion-alert";
inline constexpr std::string_view kDevice =
    "http://fhir.titrate.dev/StructureDefinition/titrate-device";

}  // namespace titrate::outbound::fhir::profiles

namespace titrate::outbound::fhir::extensions {

// Complex: number (positiveInt, 1..1) and total (positiveInt, 0..1): infusion n of m.
inline constexpr std::string_view kInfusionSeries =
    "http://fhir.titrate.dev/StructureDefinition/infusion-series";
// valueCode from http://fhir.titrate.dev/ValueSet/care-area (extensible).
inline constexpr std::string_view kCareArea =
    "http://fhir.titrate.dev/StructureDefinition/care-area";
// Complex: reason (valueString, 1..1), author (valueReference), time (valueDateTime); the inbound
// mapper reads the same shape.
inline constexpr std::string_view kDosingLimitOverride =
    "http://fhir.titrate.dev/StructureDefinition/dosing-limit-override";

}  // namespace titrate::outbound::fhir::extensions
