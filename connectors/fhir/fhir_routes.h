#pragma once

#include <vector>

#include "connectors/http/http_server.h"
#include "gateway/ingest/fhir_ingest.h"

namespace titrate::fhir {

// POST /fhir/{Patient,Observation,Condition,AllergyIntolerance,ServiceRequest,MedicationRequest}
// and POST /fhir (transaction or batch Bundle). The client is named by the X-Titrate-Client
// header until token authentication names it.
std::vector<http::Route> fhir_ingest_routes(ingest::FhirIngest& ingest);

}  // namespace titrate::fhir
