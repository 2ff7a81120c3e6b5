#pragma once

#include <string>
#include <string_view>

#include "gateway/model/code_systems.h"

namespace titrate::inbound {

// The FHIR system URI for an HL7 v2 coding-system name (CWE.3 / CWE.6, table 0396):
//   I10, ICD10, ICD10CM -> http://hl7.org/fhir/sid/icd-10-cm
//   I9, I9C, ICD9, ICD9CM -> http://hl7.org/fhir/sid/icd-9-cm
//   SCT, SNM, SNOMED     -> http://snomed.info/sct
//   LN, LOINC            -> http://loinc.org
//   RXNORM, RXN          -> http://www.nlm.nih.gov/research/umls/rxnorm
//   NDC                  -> http://hl7.org/fhir/sid/ndc
//   UCUM                 -> http://unitsofmeasure.org
//   MDC                  -> urn:iso:std:iso:11073:10101
//   HL7nnnn              -> http://terminology.hl7.org/CodeSystem/v2-nnnn
// Names compare case-insensitively. Anything else (local systems: "L", "99XYZ", URIs already)
// is kept as received, so a local coding stays recognisable to the profile's code maps.
std::string coding_system_uri(std::string_view hl7_name);

inline constexpr std::string_view kRxNormUri = model::systems::kRxNorm;
inline constexpr std::string_view kLoincUri = model::systems::kLoinc;
inline constexpr std::string_view kSnomedUri = model::systems::kSnomed;
inline constexpr std::string_view kTable0162Uri = "http://terminology.hl7.org/CodeSystem/v2-0162";

}  // namespace titrate::inbound
