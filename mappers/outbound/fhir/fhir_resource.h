#pragma once

#include <stdexcept>
#include <string>

// What the outbound FHIR mappers produce: one R4 resource as JSON, with the type and id a
// caller needs to PUT it (`<type>/<id>`, so a re-sent event updates the same resource).
namespace titrate::outbound::fhir {

struct FhirResource {
  std::string type;  // "MedicationAdministration", "Observation", ...
  std::string id;    // [A-Za-z0-9-.]{1,64}, deterministic from the event's stable id
  std::string json;
};

// An event that lacks what the resource requires (no session id, no patient for a resource
// whose subject is 1..1, no medication). Pump control always sets these: a programming error.
class OutboundFhirError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace titrate::outbound::fhir
