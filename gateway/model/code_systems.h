#pragma once

#include <string_view>

// The URIs of the code and identifier systems the model's codings use, in one place: the
// inbound mappers write them, the modules match on them, the outbound mappers emit them.
namespace titrate::model::systems {

inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
inline constexpr std::string_view kNdc = "http://hl7.org/fhir/sid/ndc";
inline constexpr std::string_view kMdc = "urn:iso:std:iso:11073:10101";  // ISO/IEEE 11073-10101
inline constexpr std::string_view kV2IdentifierType =
    "http://terminology.hl7.org/CodeSystem/v2-0203";

}  // namespace titrate::model::systems
