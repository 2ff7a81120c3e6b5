#pragma once

#include <vector>

#include "gateway/store/resource_store.h"
#include "mappers/outbound/fhir/fhir_resource.h"

// The search index entries of an outbound FHIR resource: the contract the FHIR read/search API
// (connectors/fhir) searches by. Param names are FHIR search parameter names:
//   MedicationAdministration  patient, subject, status, request, effective-time, device
//   Observation               patient, subject, category, code, date, device
//   MedicationRequest         identifier (placer and filler), patient, status
//   ServiceRequest            identifier, patient, status, authored
//   Patient                   identifier, family, name (family or given), birthdate, gender
//   DetectedIssue             patient, code, identified
//   Device                    identifier, type
// Tokens carry the system as the resource writes it (a bare OID as urn:oid:); status tokens
// have no system; strings (family, name) match as case-insensitive prefixes. A birthDate covers
// its day. Dates are microseconds: a dateTime is the instant [t, t + 1), a period
// [start, end) ([start, start + 1) while it is open).
namespace titrate::outbound {

// Read from the resource's JSON, so the index says exactly what the resource does. An unknown
// resource type has no entries. Throws fhir::OutboundFhirError for JSON that does not parse.
std::vector<store::IndexEntry> index_entries(const fhir::FhirResource& resource);

}  // namespace titrate::outbound
