#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gateway/model/infusion_order.h"
#include "gateway/model/patient_context.h"
#include "gateway/model/pump_event.h"

namespace titrate::model {

// Where a mapped result came from; travels with every bus event.
struct Source {
  std::string channel;
  std::string sender;      // "MSH-3|MSH-4", or the FHIR client
  std::string control_id;  // MSH-10, or the Bundle/resource id
  int64_t journal_id = 0;
  std::string format;  // "hl7v2" or "fhir"
  bool operator==(const Source&) const = default;
};

// A problem found while mapping, located in the input: "RXE[1]-23" (HL7v2) or a FHIRPath
// expression "MedicationRequest.dosageInstruction[0].doseAndRate[0].rateQuantity.value".
struct MappingIssue {
  enum class Severity { kInformation, kWarning, kError };
  Severity severity = Severity::kError;
  std::string location;
  std::string code;     // HL7 table 0357 code, or a FHIR OperationOutcome issue-type code
  std::string message;  // never patient data
  bool operator==(const MappingIssue&) const = default;
};

// The outcome of mapping one inbound message.
struct MappedMessage {
  Source source;
  std::optional<PatientContext> patient;
  std::vector<InfusionOrder> orders;
  std::vector<PumpEvent> pump_events;  // PCD-01/-04/-10 device messages, PCD-03 answers
  std::vector<std::string> unmapped;   // segments/fields (or JSON paths) received and not used
  std::vector<MappingIssue> issues;
  bool ok() const;  // no kError issue
  bool operator==(const MappedMessage&) const = default;
};

}  // namespace titrate::model
