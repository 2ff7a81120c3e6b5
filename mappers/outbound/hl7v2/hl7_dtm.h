#pragma once

#include <optional>
#include <string>

#include "gateway/model/values.h"

// FHIR dateTime text (the model's DateTime) -> HL7 v2 DTM, keeping precision and offset.
namespace titrate::outbound::hl7v2 {

// "2026-11-21T08:30:00.250-05:00" -> "20261121083000.250-0500", "...Z" -> "...+0000",
// "2026-11-21" -> "20261121", "2026-11" -> "202611"; fractions beyond 4 digits (the DTM limit)
// are cut. nullopt for text that is not a dateTime.
std::optional<std::string> to_hl7_dtm(const model::DateTime& time);

}  // namespace titrate::outbound::hl7v2
