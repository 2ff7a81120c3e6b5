#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/model/mapped_message.h"
#include "mappers/profile/mapping_profile.h"

// FHIR R4 JSON (a resource, or a transaction or batch Bundle) -> the internal model.
//
// What maps (the per-resource details are in resource_mappers.h, dosage_mapper.h,
// medication_mapper.h, order_common.h and service_request_mapper.cpp):
// * One patient per message. The first resource that names a patient (subject / patient) fixes
//   it; a resource naming another patient is an error, a second Patient resource is skipped with
//   a warning. Patients are mapped after the other resources, so the patient the orders name
//   wins whatever the entry order.
// * The patient key: the named Patient's identifier of the profile's type (MR by default), else
//   its first identifier. A reference to a Patient not in the message ("Patient/123") keys the
//   patient as Identifier{system "urn:titrate:fhir-reference", value "Patient/123"}; a logical
//   reference uses its identifier. A Patient without identifiers is keyed the same way by its
//   id or fullUrl, with a warning.
// * A patient context is produced by a Patient, a weight or height, a Condition, an
//   AllergyIntolerance, or a ServiceRequest that is not an order; a lone MedicationRequest
//   gives an order only. The context's event is kOrderContext when the message has orders,
//   kUpdate otherwise.
// * References: "#id" (contained), "urn:uuid:" / "urn:oid:" (Bundle entries by fullUrl) must
//   resolve, else an error; "Type/id" and absolute URLs resolve against the Bundle's entries
//   (fullUrl, or resource type and id) and otherwise stay references (the mapper cannot see the
//   EHR's server). Transaction and batch Bundles resolve alike.
// * Entries are mapped in order; entries without a resource or with request.method GET, HEAD,
//   DELETE or PATCH are skipped with a warning. Medication, Practitioner and Encounter are read
//   only through references; left over, they are skipped with a warning.
// * A modifierExtension anywhere in a mapped resource is an error (its meaning is unknown).
// * dateTime values are kept as text (the validator refuses a time without an offset); dates
//   stay dates.
// * `unmapped` lists resources not mapped and the top-level elements (and dosage parts) of
//   mapped resources that were not used, as FHIRPath.
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
std::vector<model::MappingIssue> validate_fhir(std::string_view json,
                                               const FhirLimits& limits = {});

// An R4 OperationOutcome for the issues: severity (fatal for an error without a location,
// error, warning, information), code, diagnostics = message, expression = [location] when there
// is one. With no issues, one information issue says so (an OperationOutcome needs one).
std::string operation_outcome(const std::vector<model::MappingIssue>& issues);

// 400 when the document could not be taken in (an error without a location), 422 for any other
// error, 201 when a patient context or an order was mapped, 200 when the input was accepted
// but nothing in it is routed (warnings only).
int http_status_for(const model::MappedMessage& message);

}  // namespace titrate::inbound::fhir
