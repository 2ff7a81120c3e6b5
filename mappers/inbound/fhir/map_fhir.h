#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/model/mapped_message.h"
#include "mappers/profile/mapping_profile.h"

// FHIR R4 JSON (a resource, or a transaction or batch Bundle) -> the internal model.
namespace titrate::inbound::fhir {

struct FhirLimits {
  size_t max_bytes = 4 << 20;
  size_t max_depth = 64;  // nesting of JSON arrays and objects
};

// Parses, validates structurally against R4 (validator.h says what is checked), and maps.
// Never throws for bad input: every problem is a MappingIssue whose location is a FHIRPath
// expression ("MedicationRequest.dosageInstruction[0].doseAndRate[0].rateQuantity.value") and
// whose code is an OperationOutcome issue type. A document that cannot be taken in at all
// (unparseable, over a limit, no or an unsupported resourceType) has one error with an empty
// location. Invalid input is not mapped. The patient and orders hold what mapped without error;
// source.format is "fhir" and source.control_id the resource's (or Bundle's) id.
model::MappedMessage map_fhir(std::string_view json, const profile::MappingProfile& profile,
                              const FhirLimits& limits = {});

// Only the parse and validation steps of map_fhir.
std::vector<model::MappingIssue> validate_fhir(std::string_view json, const FhirLimits& limits = {});

// An R4 OperationOutcome for the issues: severity (fatal for an error without a location,
// error, warning, information), code, diagnostics = message, expression = [location] when there
// is one. With no issues, one information issue says so (an OperationOutcome needs one).
std::string operation_outcome(const std::vector<model::MappingIssue>& issues);

// 400 when the document could not be taken in (an error without a location), 422 for any other
// error, 201 when a patient context or an order was mapped, 200 when the input was accepted
// but nothing in it is routed (warnings only).
int http_status_for(const model::MappedMessage& message);

}  // namespace titrate::inbound::fhir
