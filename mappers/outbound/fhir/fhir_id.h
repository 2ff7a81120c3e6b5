#pragma once

#include <string>
#include <string_view>

// Deterministic FHIR resource ids ([A-Za-z0-9-.]{1,64}) from Titrate's stable ids.
namespace titrate::outbound::fhir {

// `stable_id` itself when it is already a valid id. Otherwise every other character becomes
// '-', the text is cut to 47 characters and "-" plus 16 hex digits of the FNV-1a hash of the
// whole original is appended, so two ids that sanitize alike still differ. Throws
// OutboundFhirError for an empty id.
std::string safe_fhir_id(std::string_view stable_id);

// `prefix` plus "-" and 16 hex digits of the FNV-1a hash of `stable_id`, nothing of the text
// itself: for ids derived from patient identifiers, which then never show in logs, URLs or
// listings. Throws OutboundFhirError for an empty id.
std::string hashed_fhir_id(std::string_view prefix, std::string_view stable_id);

bool is_valid_fhir_id(std::string_view id);

}  // namespace titrate::outbound::fhir
